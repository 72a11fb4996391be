/* runqslower: run queue waits above a threshold, as BCC's runqslower. */
#include "core/args.h"
#include "core/events.h"
#include "core/log.h"
#include "core/output.h"
#include "core/record.h"
#include "core/tool.h"
#include "core/tracer.h"
#include "probes/runqslower.skel.h"

#include <linux/types.h>
#include <stdio.h>
#include <string.h>

#include "probes/runqslower.h"

static const struct probe_spec probes[] = {
	{ "sched_wakeup",
	  { { PM_TP_BTF, "wakeup_btf", "sched_wakeup" }, { PM_RAW_TP, "wakeup_raw", "sched_wakeup" } } },
	{ "sched_wakeup_new",
	  { { PM_TP_BTF, "wakeup_new_btf", "sched_wakeup_new" },
	    { PM_RAW_TP, "wakeup_new_raw", "sched_wakeup_new" } } },
	{ "sched_switch",
	  { { PM_TP_BTF, "switch_btf", "sched_switch" }, { PM_RAW_TP, "switch_raw", "sched_switch" } } },
};

static struct opts {
	bool previous;
	pid_t pid, tid;
	unsigned long min_us;
	unsigned long duration_ms;
	bool has_min;
} o = { .min_us = 10000 };

static const struct argp_option options[] = {
	{ "previous", 'P', NULL, 0, "Also show the previous task name and TID", 0 },
	{ "pid", 'p', "PID", 0, "Trace this PID only", 0 },
	{ "tid", 't', "TID", 0, "Trace this TID only", 0 },
	{ "duration", 'd', "SECONDS", 0, "Trace for this many seconds, then exit", 0 },
	RECORD_JSON_OPTION,
	{ 0 },
};

static error_t parse(int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case 'j': record_json = true; return 0;
	case 'P': o.previous = true; return 0;
	case 'p':
	case 't':
		if (o.pid || o.tid) {
			log_err("-p and -t are mutually exclusive");
			return EINVAL;
		}
		return -args_pid(arg, key == 'p' ? "PID" : "TID", key == 'p' ? &o.pid : &o.tid);
	case 'd': return -args_seconds(arg, "duration", &o.duration_ms);
	case ARGP_KEY_ARG:
		if (o.has_min) {
			log_err("unexpected argument '%s'", arg);
			return EINVAL;
		}
		o.has_min = true;
		return -args_ulong(arg, "min_us", 0, ~0UL >> 1, &o.min_us);
	}
	return ARGP_ERR_UNKNOWN;
}

static const struct argp_child children[] = { ARGS_CHILD_COMMON, ARGS_CHILD_BUFFER, { 0 } };
static const struct argp argp = {
	options, parse, "[min_us]",
	"Trace high run queue latency (default 10000 us).\v"
	"Examples:\n"
	"  runqslower         # trace run queue latency higher than 10000 us (default)\n"
	"  runqslower 1000    # trace run queue latency higher than 1000 us\n"
	"  runqslower -p 123  # trace pid 123\n"
	"  runqslower -t 123  # trace tid 123 (use for threads only)\n"
	"  runqslower -P      # also show previous task name and TID",
	children,
};

static int on_event(void *ctx, const void *data, size_t size)
{
	const struct runq_event *e = data;
	if (size < sizeof(*e))
		return 0;
	char hms[16];
	rec_str("time", "%-8s ", output_hms(hms));
	rec_strn("comm", "%-16s ", e->comm, sizeof(e->comm));
	rec_u64("tid", "%-6llu ", e->pid);
	rec_u64("lat_us", "%14llu", e->delta_us);
	if (o.previous) {
		rec_strn("prev_comm", " %-16s", e->prev_comm, sizeof(e->prev_comm));
		rec_u64("prev_tid", " %-6llu", e->prev_pid);
	}
	rec_end();
	return 0;
}

static void header(void)
{
	FILE *out = record_header_out();
	fprintf(out, "Tracing run queue latency higher than %lu us\n", o.min_us);
	if (o.previous)
		fprintf(out, "%-8s %-16s %-6s %14s %-16s %-6s\n", "TIME", "COMM", "TID", "LAT(us)", "PREV COMM", "PREV TID");
	else
		fprintf(out, "%-8s %-16s %-6s %14s\n", "TIME", "COMM", "TID", "LAT(us)");
}

static int runqslower_main(int argc, char **argv)
{
	if (args_parse(&argp, argc, argv, NULL))
		return 2;
	struct runqslower_bpf *skel = TRACER_OPEN(runqslower);
	if (!skel)
		return 1;
	skel->rodata->targ_tgid = o.pid;
	skel->rodata->targ_tid = o.tid;
	skel->rodata->min_us = o.min_us;
	struct tracer tr = TRACER_INIT(skel, probes);
	return events_tool(&tr, on_event, header, o.duration_ms);
}

BPFKIT_TOOL(runqslower, .name = "runqslower", .category = "scheduler",
	    .summary = "Trace high run queue latency", .main = runqslower_main);
