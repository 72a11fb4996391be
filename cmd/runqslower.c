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
	case ARGP_KEY_END:
		if (tool_args.pid && tool_args.tid) {
			log_err("-p and -t are mutually exclusive");
			return EINVAL;
		}
		return 0;
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
	FILE *out = record_header_out();
	record_status("Tracing run queue latency higher than %lu us", min_us);
	if (previous)
		fprintf(out, "%-8s %-16s %-6s %14s %-16s %-6s\n", "TIME", "COMM", "TID", "LAT(us)", "PREV COMM", "PREV TID");
	else
		fprintf(out, "%-8s %-16s %-6s %14s\n", "TIME", "COMM", "TID", "LAT(us)");
}

static int on_event(const void *data, size_t size)
{
	const struct runq_event *e = data;
	char hms[16];
	rec_str("time", "%-8s ", output_hms(hms));
	rec_strn("comm", "%-16s ", e->comm, sizeof(e->comm));
	rec_u64("tid", "%-6llu ", e->pid);
	rec_u64("lat_us", "%14llu", e->delta_us);
	if (previous) {
		rec_strn("prev_comm", " %-16s", e->prev_comm, sizeof(e->prev_comm));
		rec_u64("prev_tid", " %-6llu", e->prev_pid);
	}
	rec_end();
	return 0;
}

DECLARE_TOOL(runqslower, .category = "scheduler", .summary = "Trace high run queue latency",
	     .summary_note = "(default 10000 us)", .shape = TOOL_EVENTS,
	     .takes = TOOL_PID | TOOL_TID | TOOL_EVENT_OPTIONS, .bound = options, .parse = parse,
	     .args_doc = "[min_us]", TOOL_PROBES(probes), .configure = configure, .header = header,
	     .event = on_event, .event_size = sizeof(struct runq_event),
	     .examples = "  runqslower         # trace run queue latency higher than 10000 us (default)\n"
			 "  runqslower 1000    # trace run queue latency higher than 1000 us\n"
			 "  runqslower -p 123  # trace pid 123\n"
			 "  runqslower -t 123  # trace tid 123 (use for threads only)\n"
			 "  runqslower -P      # also show previous task name and TID");
