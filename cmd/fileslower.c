/* fileslower: synchronous file reads and writes slower than a threshold,
 * as BCC's fileslower. */
#include "core/tool.h"
#include "probes/fileslower.skel.h"

#include "core/args.h"
#include "probes/fileslower.h"

static const struct probe_spec probes[] = {
	PROBE_FENTRY("vfs_read entry", "vfs_read", "vfs_read"),
	PROBE_FEXIT("vfs_read return", "vfs_read", "vfs_read"),
	PROBE_FENTRY("vfs_write entry", "vfs_write", "vfs_write"),
	PROBE_FEXIT("vfs_write return", "vfs_write", "vfs_write"),
};

static bool all_files;
static unsigned long min_ms = 10;

static const struct tool_option options[] = {
	OPT_FLAG('a', "all-files", &all_files, "include non-regular file types (sockets, FIFOs, etc)",
		 .rodata = "all_files"),
	{ { 0 } },
};

static error_t parse(int key, char *arg, struct argp_state *state)
{
	if (key != ARGP_KEY_ARG || state->arg_num)
		return ARGP_ERR_UNKNOWN;
	return -args_ulong(arg, "min_ms", 0, 0xffffffffUL, &min_ms);
}

static int configure(struct tracer *t)
{
	((struct fileslower_bpf *)t->skel)->rodata->min_us = min_ms * 1000;
	return 0;
}

static void header(void)
{
	record_status("Tracing sync read/writes slower than %lu ms", min_ms);
}

/* BCC's TIME(s) counts from the first event shown. */
static const struct record_column columns[] = {
	COL(struct fileslower_event, ts_us, "TIME(s)", "%-8.3f ", .scale = 1e6, .since_first = true),
	COL(struct fileslower_event, comm, "COMM", "%-14.14s "),
	COL(struct fileslower_event, tid, "TID", "%-6u "),
	COL(struct fileslower_event, mode, "D", "%1s "),
	COL(struct fileslower_event, size, "BYTES", "%-7u "),
	COL(struct fileslower_event, delta_us, "LAT(ms)", "%7.2f ", .scale = 1000),
	COL(struct fileslower_event, file, "FILENAME", "%s"),
	{ 0 },
};

DECLARE_TOOL(fileslower, .category = "files", .summary = "Trace slow synchronous file reads and writes",
	     .shape = TOOL_EVENTS, .takes = TOOL_PID | TOOL_EVENT_OPTIONS, .help.pid = "trace this PID only",
	     .help.json = "One JSON object per read or write (a bpfkit addition)", .bound = options, .parse = parse,
	     .args_doc = "[min_ms]", TOOL_PROBES(probes), .configure = configure, .header = header,
	     .columns = columns, .event_size = sizeof(struct fileslower_event),
	     .examples = "  fileslower             # trace sync file I/O slower than 10 ms (default)\n"
			 "  fileslower 1           # trace sync file I/O slower than 1 ms\n"
			 "  fileslower -p 185      # trace PID 185 only");
