/* syncsnoop: sync(), fsync(), fdatasync(), msync(), sync_file_range() and
 * syncfs() calls, as BCC's syncsnoop. */
#include "core/tool.h"
#include "probes/syncsnoop.skel.h"

#include "probes/syncsnoop.h"

/* Each call's sys_enter tracepoint, else the raw sys_enter one serving all;
 * sync(2) is on every kernel, the others optional as in libbpf-tools. */
#define SYNC_SPEC(call, ...)                                                                     \
	{ call, { { PM_TRACEPOINT, call "_enter_tp", "syscalls:sys_enter_" call },             \
		  { PM_RAW_TP, "syncs_enter_raw", "sys_enter" } }, .raw_flag = "raw_" call, __VA_ARGS__ }
static const struct probe_spec probes[] = {
	SYNC_SPEC("sync"), SYNC_SPEC("fsync", .optional = true), SYNC_SPEC("fdatasync", .optional = true),
	SYNC_SPEC("msync", .optional = true), SYNC_SPEC("sync_file_range", .optional = true),
	SYNC_SPEC("syncfs", .optional = true),
};

static const char *const calls[SYNC_CALLS] = { "sync", "fsync", "fdatasync", "msync", "sync_file_range", "syncfs" };

static void call(const struct record_column *c, const void *rec, size_t size)
{
	const struct sync_event *e = rec;
	rec_col_str(c, e->call < SYNC_CALLS ? calls[e->call] : "N/A");
}

static const struct record_column columns[] = {
	COL(struct sync_event, ts, "TIME(s)", "%-18.9f ", .scale = 1e9),
	COL(struct sync_event, comm, "COMM", "%-16s "),
	COL_CALL("CALL", "%s", call),
	{ 0 },
};

DECLARE_TOOL(syncsnoop, .category = "files", .summary = "Trace sync() variety of syscalls",
	     .shape = TOOL_EVENTS, .takes = TOOL_PID | TOOL_EVENT_OPTIONS,
	     .help.pid = "Trace this process only (a bpfkit addition)", TOOL_PROBES(probes), .columns = columns,
	     .event_size = sizeof(struct sync_event),
	     .examples = "  syncsnoop           # trace sync() variety of syscalls\n"
			 "  syncsnoop -p 185    # only process 185's");
