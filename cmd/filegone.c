/* filegone: trace why a file is gone (deleted or renamed), as BCC's. */
#include "core/features.h"
#include "core/tool.h"
#include "probes/filegone.skel.h"

#include <string.h>

#include "probes/filegone.h"

static const struct probe_spec vfs_probes[] = {
	PROBE_FENTRY("vfs_unlink entry", "vfs_unlink", "vfs_unlink"),
	PROBE_FEXIT("vfs_unlink return", "vfs_unlink", "vfs_unlink"),
	PROBE_FENTRY("vfs_rmdir entry", "vfs_rmdir", "vfs_rmdir"),
	PROBE_FEXIT("vfs_rmdir return", "vfs_rmdir", "vfs_rmdir"),
	PROBE_FENTRY("vfs_rename entry", "vfs_rename", "vfs_rename"),
	PROBE_FEXIT("vfs_rename return", "vfs_rename", "vfs_rename"),
};

/* Without fentry and kprobes: the same deletions and renames as system
 * calls (arm64 has only the *at ones). */
static const struct probe_spec syscall_probes[] = {
	PROBE_SYSCALL("unlinkat", "gone"),	       PROBE_SYSCALL("renameat2", "gone", .optional = true),
	PROBE_SYSCALL("unlink", "gone", .optional = true), PROBE_SYSCALL("rmdir", "gone", .optional = true),
	PROBE_SYSCALL("rename", "gone", .optional = true), PROBE_SYSCALL("renameat", "gone", .optional = true),
};

static int configure(struct tracer *t)
{
	if (!feature_has(FEAT_FENTRY) && !feature_has(FEAT_KPROBES)) {
		log_debug("no fentry (%s), no kprobes (%s): the unlink, rmdir and rename syscalls instead",
			  feature_reason(FEAT_FENTRY), feature_reason(FEAT_KPROBES));
		t->specs = syscall_probes;
		t->nspecs = sizeof(syscall_probes) / sizeof(syscall_probes[0]);
	}
	return 0;
}

/* The name as the dentry has it: a dentry's name is its own last
 * component, a path's ends after its last '/' ("a/b/" is b). */
static void last_part(const char *s, char buf[FILEGONE_NAME_LEN + 1])
{
	size_t n = strnlen(s, FILEGONE_NAME_LEN), start;
	while (n > 1 && s[n - 1] == '/')
		n--;
	for (start = n; start > 0 && s[start - 1] != '/'; start--)
		;
	snprintf(buf, FILEGONE_NAME_LEN + 1, "%.*s", (int)(n - start), s + start);
}

/* BCC's "old > new" for a rename; JSON has the new name as a key. */
static void file(const struct record_column *c, const void *rec, size_t size)
{
	const struct filegone_event *e = rec;
	char a[FILEGONE_NAME_LEN + 1], b[FILEGONE_NAME_LEN + 1], both[sizeof(a) + sizeof(b) + 3];
	last_part(e->fname, a);
	last_part(e->fname2, b);
	if (e->action != 'R' || output_mode == OUTPUT_JSON) {
		rec_col_str(c, a);
		if (e->action == 'R')
			rec_str("new_file", NULL, b);
		return;
	}
	snprintf(both, sizeof(both), "%s > %s", a, b);
	rec_col_str(c, both);
}

static void action(const struct record_column *c, const void *rec, size_t size)
{
	rec_col_str(c, ((const struct filegone_event *)rec)->action == 'R' ? "RENAME" : "DELETE");
}

static const struct record_column columns[] = {
	COL_TIME("TIME", "%-8s "),
	COL_TASK(struct filegone_event, pid, "%-7u "),
	COL_CALL("ACTION", "%6s ", action),
	COL_CALL("FILE", "%s", file),
	{ 0 },
};

DECLARE_TOOL(filegone, .category = "files", .summary = "Trace why file gone (deleted or renamed)",
	     .shape = TOOL_EVENTS, .takes = TOOL_PID | TOOL_EVENT_OPTIONS,
	     .help.duration = "Trace for this many seconds (a bpfkit addition)", TOOL_PROBES(vfs_probes),
	     .configure = configure, .columns = columns, .event_size = sizeof(struct filegone_event),
	     .examples = "  filegone           # trace all file gone events\n"
			 "  filegone -p 181    # only trace PID 181");
