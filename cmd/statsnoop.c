/* statsnoop: stat(), lstat(), fstatat(), statx() and statfs() calls with
 * path and result, as BCC's statsnoop. */
#include "core/tool.h"
#include "probes/statsnoop.skel.h"

#include "probes/statsnoop.h"

/* Each call's tracepoints, else the raw ones serving all; optional each, as
 * in libbpf-tools, but stat(2) itself. */
static const struct probe_spec probes[] = {
	PROBE_SYSCALL("newstat", "stat"),
	PROBE_SYSCALL("statfs", "stat", .optional = true),
	PROBE_SYSCALL("newlstat", "stat", .optional = true),
	PROBE_SYSCALL("newfstatat", "stat", .optional = true),
	PROBE_SYSCALL("statx", "stat", .optional = true),
};

static bool timestamp, sysname;

static const struct tool_option options[] = {
	OPT_FLAG('t', "timestamp", &timestamp, "include timestamp on output"),
	OPT_FLAG('s', "sysname", &sysname, "include syscall name on output"),
	{ { 0 } },
};

static const char *const calls[ST_CALLS] = { "statfs", "newstat", "statx", "newfstatat", "newlstat" };

static void call(const struct record_column *c, const void *rec, size_t size)
{
	const struct stat_event *e = rec;
	rec_col_str(c, e->call < ST_CALLS ? calls[e->call] : "N/A");
}

static const struct record_column columns[] = {
	COL(struct stat_event, ts, "TIME(s)", "%-14.9f", .when = &timestamp, .scale = 1e9, .since_first = true),
	COL_TASK(struct stat_event, pid, "%-7u "),
	COL(struct stat_event, ret, "FD", "%4d ", .ret = REC_RET_VALUE),
	COL(struct stat_event, ret, "ERR", "%3d ", .ret = REC_RET_ERRNO),
	COL_CALL("SYSCALL", "%-12s ", call, .when = &sysname),
	COL(struct stat_event, path, "PATH", "%s"),
	{ 0 },
};

DECLARE_TOOL(statsnoop, .category = "files", .summary = "Trace stat() syscalls", .shape = TOOL_EVENTS,
	     .takes = TOOL_PID | TOOL_FAILED | TOOL_EVENT_OPTIONS,
	     .help = { .pid = "trace this PID only", .failed = "only show failed stats" }, .bound = options,
	     TOOL_PROBES(probes), .columns = columns, .event_size = sizeof(struct stat_event),
	     .examples = "  statsnoop           # trace all stat() syscalls\n"
			 "  statsnoop -t        # include timestamps\n"
			 "  statsnoop -x        # only show failed stats\n"
			 "  statsnoop -p 181    # only trace PID 181");
