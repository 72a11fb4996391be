/* mountsnoop: mount(), umount() and the new mount API's calls with their
 * arguments, decoded as BCC's mountsnoop decodes them, and the result. */
#include "core/tool.h"
#include "probes/mountsnoop.skel.h"

#include <string.h>

#include "cmd/mountcall.h"
#include "probes/mountsnoop.h"

/* The new mount API's calls arrived in 5.2: optional. */
static const struct probe_spec probes[] = {
	PROBE_SYSCALL("mount", "mount"),
	PROBE_SYSCALL("umount", "mount"),
	PROBE_SYSCALL("fsopen", "mount", .optional = true),
	PROBE_SYSCALL("fsconfig", "mount", .optional = true),
	PROBE_SYSCALL("fsmount", "mount", .optional = true),
	PROBE_SYSCALL("move_mount", "mount", .optional = true),
};
static const char *const names[] = { "mount", "umount", "fsopen", "fsconfig", "fsmount", "move_mount" };

static bool parent;

static const struct tool_option options[] = {
	OPT_FLAG('P', "parent_process", &parent, "also snoop the parent process"),
	{ { 0 } },
};

static void call(const struct record_column *c, const void *rec, size_t size)
{
	const struct mount_event *e = rec;
	char text[1024];
	mountcall_text(e, text, sizeof(text));
	rec_col_str(c, text);
	if (output_mode != OUTPUT_JSON)
		return;
	/* JSON also has the call's parts, undecoded. */
	rec_str("syscall", NULL, e->call < sizeof(names) / sizeof(names[0]) ? names[e->call] : "?");
	if (e->call == MNT_CALL_MOUNT) {
		rec_strn("source", NULL, e->source, sizeof(e->source));
		rec_strn("type", NULL, e->type, sizeof(e->type));
		rec_strn("data", NULL, e->data, sizeof(e->data));
	}
	if (e->call == MNT_CALL_MOUNT || e->call == MNT_CALL_UMOUNT)
		rec_strn("target", NULL, e->target, sizeof(e->target));
	rec_u64("flags", NULL, e->flags);
	rec_i64("ret", NULL, e->ret);
}

static const struct record_column columns[] = {
	COL(struct mount_event, comm, "COMM", "%-16s "),
	COL(struct mount_event, pid, "PID", "%-7u "),
	COL(struct mount_event, tid, "TID", "%-7u "),
	COL(struct mount_event, pcomm, "PCOMM", "%-16s ", .when = &parent),
	COL(struct mount_event, ppid, "PPID", "%-7u ", .when = &parent),
	COL(struct mount_event, mnt_ns, "MNT_NS", "%-11u "),
	COL_CALL("CALL", "%s", call),
	{ 0 },
};

DECLARE_TOOL(mountsnoop, .category = "files", .summary = "trace mount() and umount() syscalls", .shape = TOOL_EVENTS,
	     .takes = TOOL_PID | TOOL_EVENT_OPTIONS | TOOL_CONTAINERS,
	     .help.pid = "Trace this process only (a bpfkit addition)", .bound = options, TOOL_PROBES(probes),
	     .columns = columns, .event_size = sizeof(struct mount_event),
	     .examples = "  mountsnoop        # trace mount() and umount() calls\n"
			 "  mountsnoop -P     # and each caller's parent");
