/* mountsnoop's CALL column: a call as BCC prints it. */
#include "cmd/mountcall.h"

#include <stdio.h>
#include <string.h>

struct flag {
	const char *name;
	unsigned long long bit;
};
static const struct flag mount_flags[] = {
	{ "MS_RDONLY", 1 },	      { "MS_NOSUID", 2 },	   { "MS_NODEV", 4 },	       { "MS_NOEXEC", 8 },
	{ "MS_SYNCHRONOUS", 16 },     { "MS_REMOUNT", 32 },	   { "MS_MANDLOCK", 64 },      { "MS_DIRSYNC", 128 },
	{ "MS_NOATIME", 1024 },	      { "MS_NODIRATIME", 2048 },   { "MS_BIND", 4096 },	       { "MS_MOVE", 8192 },
	{ "MS_REC", 16384 },	      { "MS_SILENT", 32768 },	   { "MS_POSIXACL", 1 << 16 }, { "MS_UNBINDABLE", 1 << 17 },
	{ "MS_PRIVATE", 1 << 18 },    { "MS_SLAVE", 1 << 19 },	   { "MS_SHARED", 1 << 20 },   { "MS_RELATIME", 1 << 21 },
	{ "MS_KERNMOUNT", 1 << 22 },  { "MS_I_VERSION", 1 << 23 }, { "MS_STRICTATIME", 1 << 24 },
	{ "MS_LAZYTIME", 1 << 25 },   { "MS_ACTIVE", 1 << 30 },	   { "MS_NOUSER", 1ULL << 31 }, { NULL, 0 },
};
static const struct flag umount_flags[] = {
	{ "MNT_FORCE", 1 }, { "MNT_DETACH", 2 }, { "MNT_EXPIRE", 4 }, { "UMOUNT_NOFOLLOW", 8 }, { NULL, 0 },
};

static const struct flag fsmount_flags[] = { { "FSMOUNT_CLOEXEC", 1 }, { NULL, 0 } };
/* In BCC's order, which shows MOUNT_ATTR__ATIME for any atime mode. */
static const struct flag attr_flags[] = {
	{ "MOUNT_ATTR_RDONLY", 1 },	     { "MOUNT_ATTR_NOSUID", 2 },	   { "MOUNT_ATTR_NODEV", 4 },
	{ "MOUNT_ATTR_NOEXEC", 8 },	     { "MOUNT_ATTR__ATIME", 0x70 },	   { "MOUNT_ATTR_RELATIME", 0 },
	{ "MOUNT_ATTR_NOATIME", 0x10 },	     { "MOUNT_ATTR_STRICTATIME", 0x20 },   { "MOUNT_ATTR_NODIRATIME", 0x80 },
	{ "MOUNT_ATTR_IDMAP", 0x100000 },    { "MOUNT_ATTR_NOSYMFOLLOW", 0x200000 }, { NULL, 0 },
};
static const struct flag move_flags[] = {
	{ "MOVE_MOUNT_F_SYMLINKS", 1 },	   { "MOVE_MOUNT_F_AUTOMOUNTS", 2 },	{ "MOVE_MOUNT_F_EMPTY_PATH", 4 },
	{ "MOVE_MOUNT_T_SYMLINKS", 0x10 }, { "MOVE_MOUNT_T_AUTOMOUNTS", 0x20 }, { "MOVE_MOUNT_T_EMPTY_PATH", 0x40 },
	{ "MOVE_MOUNT_SET_GROUP", 0x100 }, { "MOVE_MOUNT_BENEATH", 0x200 },	{ NULL, 0 },
};
static const char *const fsconfig_cmds[] = { "FSCONFIG_SET_FLAG",	 "FSCONFIG_SET_STRING",	   "FSCONFIG_SET_BINARY",
					     "FSCONFIG_SET_PATH",	 "FSCONFIG_SET_PATH_EMPTY", "FSCONFIG_SET_FD",
					     "FSCONFIG_CMD_CREATE", "FSCONFIG_CMD_RECONFIGURE", "FSCONFIG_CMD_CREATE_EXCL" };

/* BCC's: the names joined by '|', what no name covers (or 0) in hex. */
static int flags_text(char *out, size_t len, unsigned long long f, const struct flag *t)
{
	int n = 0;
	if (t == mount_flags && (f & 0xffff0000ULL) == 0xc0ed0000ULL) {
		f &= ~0xffff0000ULL;
		n += snprintf(out + n, len - n, "MS_MGC_VAL");
	}
	for (; t->name; t++)
		if (f & t->bit) {
			n += snprintf(out + n, len - n, "%s%s", n ? "|" : "", t->name);
			f &= ~t->bit;
		}
	if (f || !n)
		n += snprintf(out + n, len - n, "%s0x%llx", n ? "|" : "", f);
	return n;
}

/* A string in double quotes with C's escapes, as BCC prints them. */
static int quoted(char *out, size_t len, const char *s, size_t max)
{
	static const char from[] = "\a\b\t\n\v\f\r\"\\", to[] = "abtnvfr\"\\";
	int n = snprintf(out, len, "\"");
	for (size_t i = 0; i < max && s[i] && n < (int)len - 5; i++) {
		unsigned char c = s[i];
		const char *esc = strchr(from, c);
		if (esc)
			n += snprintf(out + n, len - n, "\\%c", to[esc - from]);
		else if (c >= 0x20 && c <= 0x7e)
			out[n++] = c;
		else
			n += snprintf(out + n, len - n, "\\x%02x", c);
	}
	return n + snprintf(out + n, len - n, "\"");
}

void mountcall_text(const struct mount_event *e, char *text, size_t len)
{
	char fl[256], res[48];
	int n = 0;
	const struct flag *t = e->call == MNT_CALL_UMOUNT	 ? umount_flags
			       : e->call == MNT_CALL_FSMOUNT	 ? fsmount_flags
			       : e->call == MNT_CALL_MOVE_MOUNT ? move_flags
								 : mount_flags;
	flags_text(fl, sizeof(fl), e->flags, t);
	const char *en = e->ret < 0 ? strerrorname_np(-e->ret) : NULL;
	if (e->ret >= 0 || !en)
		snprintf(res, sizeof(res), "%d", e->ret);
	else
		snprintf(res, sizeof(res), "-%s", en);
	switch (e->call) {
	case MNT_CALL_MOUNT:
		n += snprintf(text, len, "mount(");
		n += quoted(text + n, len - n, e->source, sizeof(e->source));
		n += snprintf(text + n, len - n, ", ");
		n += quoted(text + n, len - n, e->target, sizeof(e->target));
		n += snprintf(text + n, len - n, ", ");
		n += quoted(text + n, len - n, e->type, sizeof(e->type));
		n += snprintf(text + n, len - n, ", %s, ", fl);
		n += quoted(text + n, len - n, e->data, sizeof(e->data));
		break;
	case MNT_CALL_UMOUNT:
		n += snprintf(text, len, "umount(");
		n += quoted(text + n, len - n, e->target, sizeof(e->target));
		n += snprintf(text + n, len - n, ", %s", fl);
		break;
	case MNT_CALL_FSOPEN: /* its flags named as mount's, as BCC names them */
		n += snprintf(text, len, "fsopen(");
		n += quoted(text + n, len - n, e->type, sizeof(e->type));
		n += snprintf(text + n, len - n, ", %s", fl);
		break;
	case MNT_CALL_FSCONFIG: {
		char cmd[32];
		if (e->cmd < sizeof(fsconfig_cmds) / sizeof(fsconfig_cmds[0]))
			snprintf(cmd, sizeof(cmd), "%s", fsconfig_cmds[e->cmd]);
		else
			snprintf(cmd, sizeof(cmd), "0x%x", e->cmd);
		n += snprintf(text, len, "fsconfig(%d, %s, ", e->fd, cmd);
		n += quoted(text + n, len - n, e->source, 32);
		n += snprintf(text + n, len - n, ", ");
		n += quoted(text + n, len - n, e->data, 32);
		n += snprintf(text + n, len - n, ", %u", e->aux);
		break;
	}
	case MNT_CALL_FSMOUNT: {
		char attr[512];
		flags_text(attr, sizeof(attr), e->aux, attr_flags);
		n += snprintf(text, len, "fsmount(%d, %s, %s", e->fd, fl, attr);
		break;
	}
	default: { /* move_mount */
		char to[16];
		if (e->fd2 == -100)
			snprintf(to, sizeof(to), "AT_FDCWD");
		else
			snprintf(to, sizeof(to), "%d", e->fd2);
		n += snprintf(text, len, "move_mount(%d, ", e->fd);
		n += quoted(text + n, len - n, e->source, sizeof(e->source));
		n += snprintf(text + n, len - n, ", %s, ", to);
		n += quoted(text + n, len - n, e->target, sizeof(e->target));
		n += snprintf(text + n, len - n, ", %s", fl);
	}
	}
	snprintf(text + n, len - n, ") = %s", res);
}
