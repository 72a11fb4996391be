/* funclatency: time the functions a pattern names and print their
 * latency as log2 histograms, as BCC's funclatency. */
#include "core/functime.h"
#include "core/tool.h"
#include "probes/funclatency.skel.h"

static bool per_function;

static const struct tool_option options[] = {
	OPT_SECONDS('i', "interval", "INTERVAL", &tool_args.interval_ms, "Summary interval, in seconds"),
	OPT_SECONDS('d', "duration", "DURATION", &tool_args.duration_ms, "Total duration of trace, in seconds"),
	FUNCTIME_UNIT_OPTIONS,
	OPT_FLAG('F', "function", &per_function, "Show a separate histogram per function"),
	FUNCTIME_LEVEL_OPTION,
	FUNCTIME_KPROBES_OPTION,
	OPT_FLAG('v', "verbose", &tool_pattern.debug, "Print the BPF programs (for debugging purposes)"),
	{ { 0 } },
};

/* BCC keys a histogram by function with -F, and by function and process
 * for user functions traced in every process. */
static int configure(struct tracer *t)
{
	struct funclatency_bpf *s = t->skel;
	bool user = tool_pattern.pat.kind == PAT_UPROBE;
	s->rodata->unit_div = functime_unit_div();
	s->rodata->key_idx = per_function || (user && !tool_args.pid);
	s->rodata->key_tgid = user && s->rodata->key_idx;
	return functime_only_functions();
}

static int summary(struct tracer *t, bool last)
{
	struct funclatency_bpf *s = t->skel;
	return functime_print(bpf_map__fd(s->maps.hists), s->rodata->key_idx, &s->bss->total_ns, &s->bss->calls,
			      last);
}

DECLARE_TOOL(funclatency, .category = "debugging", .summary = "Time functions and print latency as a histogram",
	     .shape = TOOL_INTERVAL, .takes = TOOL_PATTERN | TOOL_PID | TOOL_TIMESTAMP | TOOL_JSON, .bound = options,
	     .configure = configure, .header = tool_pattern_status, .interval = summary,
	     TOOL_METRICS({ "hist", "latency_seconds", "Time from a function's entry to its return, by function" }),
	     .help = { .pattern = "do_sys_open", .json = "Print histograms as JSON, one object per line", .after = "PATTERN is func (kernel) or lib:func (user); '*' is a wildcard\n"
							     "(or use -r for regular expressions)." },
	     .examples = "  funclatency do_sys_open       # time the do_sys_open() kernel function\n"
			 "  funclatency c:read            # time the read() C library function\n"
			 "  funclatency -u vfs_read       # time vfs_read(), in microseconds\n"
			 "  funclatency -m do_nanosleep   # time do_nanosleep(), in milliseconds\n"
			 "  funclatency -i 2 -d 10 c:open # output every 2 seconds, for duration 10s\n"
			 "  funclatency -mTi 5 vfs_read   # output every 5 seconds, with timestamps\n"
			 "  funclatency -p 181 vfs_read   # time process 181 only\n"
			 "  funclatency 'vfs_fstat*'      # time both vfs_fstat() and vfs_fstatat()\n"
			 "  funclatency 'c:*printf'       # time the *printf family of functions\n"
			 "  funclatency -F 'vfs_r*'       # show one histogram per matched function");
