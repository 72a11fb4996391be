/* runqslower: run queue waits above a threshold, as BCC's runqslower. */
#include "core/tool.h"
#include "probes/runqslower.skel.h"

#include "probes/runqslower.h"

static const struct probe_spec probes[] = {
	PROBE_BTF_RAW("sched_wakeup", "wakeup"),
	PROBE_BTF_RAW("sched_wakeup_new", "wakeup_new"),
	PROBE_BTF_RAW("sched_switch", "switch"),
};

static bool previous;
static unsigned long min_us = 10000;

static const struct tool_option options[] = {
	OPT_FLAG('P', "previous", &previous, "Also show the previous task name and TID"),
	{ { 0 } },
};

static error_t parse(int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case ARGP_KEY_ARG:
		return state->arg_num ? ARGP_ERR_UNKNOWN : -args_ulong(arg, "min_us", 0, ~0UL >> 1, &min_us);
	case ARGP_KEY_END: return args_exclusive(tool_args.pid, 'p', tool_args.tid, 't');
	}
	return ARGP_ERR_UNKNOWN;
}

static int configure(struct tracer *t)
{
	((struct runqslower_bpf *)t->skel)->rodata->min_us = min_us;
	return 0;
}

static void header(void)
{
	record_status("Tracing run queue latency higher than %lu us", min_us);
}

static const struct record_column columns[] = {
	COL_TIME("TIME", "%-8s "),
	COL(struct runq_event, comm, "COMM", "%-16s "),
	COL(struct runq_event, pid, "TID", "%-6u "),
	COL(struct runq_event, delta_us, "LAT(us)", "%14u"),
	COL(struct runq_event, prev_comm, "PREV COMM", " %-16s", .when = &previous),
	COL(struct runq_event, prev_pid, "PREV TID", " %-6u", .when = &previous),
	{ 0 },
};

DECLARE_TOOL(runqslower, .category = "scheduler", .summary = "Trace high run queue latency",
	     .summary_note = "(default 10000 us)", .shape = TOOL_EVENTS,
	     .takes = TOOL_PID | TOOL_TID | TOOL_EVENT_OPTIONS, .bound = options, .parse = parse,
	     .args_doc = "[min_us]", TOOL_PROBES(probes), .configure = configure, .header = header,
	     .columns = columns, .event_size = sizeof(struct runq_event),
	     .examples = "  runqslower         # trace run queue latency higher than 10000 us (default)\n"
			 "  runqslower 1000    # trace run queue latency higher than 1000 us\n"
			 "  runqslower -p 123  # trace pid 123\n"
			 "  runqslower -t 123  # trace tid 123 (use for threads only)\n"
			 "  runqslower -P      # also show previous task name and TID");
