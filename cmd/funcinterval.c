/* funcinterval: the time between calls of the functions (or hits of the
 * tracepoints) a pattern names, as a log2 histogram, as BCC's
 * funcinterval. */
#include "core/functime.h"
#include "core/tool.h"
#include "probes/funcinterval.skel.h"

static const struct tool_option options[] = {
	OPT_SECONDS('i', "interval", "INTERVAL", &tool_args.interval_ms, "Summary interval, in seconds"),
	OPT_SECONDS('d', "duration", "DURATION", &tool_args.duration_ms, "Total duration of trace, in seconds"),
	FUNCTIME_UNIT_OPTIONS,
	OPT_FLAG('v', "verbose", &tool_pattern.debug, "Print the BPF programs (for debugging purposes)"),
	{ { 0 } },
};

static int configure(struct tracer *t)
{
	((struct funcinterval_bpf *)t->skel)->rodata->unit_div = functime_unit_div();
	return 0;
}

/* BCC's: the kind of probe and the name part of the pattern. */
static void status(void)
{
	static const char *const kinds[] = { "kprobe function", "uprobe function", "tracepoint", "USDT probe" };
	const struct pattern *p = &tool_pattern.pat;
	if (p->kind == PAT_TRACEPOINT)
		record_status("Tracing tracepoint for \"%s:%s\"... Hit Ctrl-C to end.", p->category, p->name);
	else
		record_status("Tracing %s for \"%s\"... Hit Ctrl-C to end.", kinds[p->kind], p->name);
}

static int summary(struct tracer *t, bool last)
{
	struct funcinterval_bpf *s = t->skel;
	s->bss->last_ts = 0;
	return functime_print(bpf_map__fd(s->maps.hists), false, NULL, NULL, last);
}

/* BCC's examples, less its two kernel functions timed in other units. */
static const char examples[] = "  funcinterval do_sys_open      # time the interval of do_sys_open()\n"
			       "  funcinterval -mTi 5 vfs_read  # output every 5 seconds, with timestamps\n"
			       "  funcinterval -p 181 vfs_read  # time process 181 only\n"
			       "  funcinterval t:vmscan:mm_vmscan_direct_reclaim_begin  # a tracepoint\n"
			       "  funcinterval -p `pidof -s top` -i 3 c:malloc  # c:malloc of top every 3 seconds\n"
			       "  funcinterval /usr/local/bin/python:main  # python's main function";

DECLARE_TOOL(funcinterval, .category = "debugging", .summary = "Time interval and print latency as a histogram",
	     .shape = TOOL_INTERVAL, .takes = TOOL_PATTERN | TOOL_PID | TOOL_TIMESTAMP | TOOL_JSON, .bound = options,
	     .configure = configure, .header = status, .interval = summary, .examples = examples,
	     TOOL_METRICS({ "hist", "interval_seconds", "Time between successive calls of a function or tracepoint" }),
	     .help = { .pattern = "do_sys_open", .json = "Print histograms as JSON, one object per line",
		       .after = "PATTERN is func (kernel), lib:func (user) or t:category:event; '*' is a\n"
				"wildcard (or use -r for regular expressions)." });
