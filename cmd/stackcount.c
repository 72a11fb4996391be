/* stackcount: count the stacks leading to functions, tracepoints or USDT
 * probes matching a pattern, in the kernel, as BCC's stackcount. */
#include "core/args.h"
#include "core/attach.h"
#include "core/stacks/flamegraph.h"
#include "core/log.h"
#include "core/loop.h"
#include "core/output.h"
#include "core/pattern.h"
#include "core/stacks/stackfmt.h"
#include "core/stacks/stacks.h"
#include "core/stacks/symbols.h"
#include "core/tool.h"
#include "core/tracer.h"
#include "probes/stackcount.skel.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { OPT_DEBUG = 0x100, OPT_FLAMEGRAPH, OPT_LINES, OPT_INLINES };

static struct opts {
	pid_t pid;
	long cpu;
	unsigned long interval_ms, duration_ms;
	bool timestamp, regex, offsets, lines, inlines, per_pid, kernel_only, user_only, raw, delimited, folded, json, debug;
	const char *spec, *flamegraph;
	int flamegraph_fd;
} o = { .cpu = -1 };

static const struct argp_option options[] = {
	{ "pid", 'p', "PID", 0, "Trace this PID only", 0 },
	{ "cpu", 'c', "CPU", 0, "Trace this CPU only", 0 },
	{ "interval", 'i', "INTERVAL", 0, "Summary interval, seconds", 0 },
	{ "duration", 'D', "DURATION", 0, "Total duration of trace, seconds", 0 },
	{ "timestamp", 'T', NULL, 0, "Include timestamp on output", 0 },
	{ "regexp", 'r', NULL, 0, "Use regular expressions. Default is \"*\" wildcards only.", 0 },
	{ "offset", 's', NULL, 0, "Show address offsets", 0 },
	{ "perpid", 'P', NULL, 0, "Display stacks separately for each process", 0 },
	{ "kernel-stacks-only", 'K', NULL, 0, "Kernel stack only", 0 },
	{ "user-stacks-only", 'U', NULL, 0, "User stack only", 0 },
	{ "verbose", 'v', NULL, 0, "Show raw addresses", 0 },
	{ "delimited", 'd', NULL, 0, "Insert delimiter between kernel/user stacks", 0 },
	{ "folded", 'f', NULL, 0, "Output folded format", 0 },
	{ "json", 'j', NULL, 0, "One JSON object per stack (comm, pid, count, stacks as lists of frames)", 0 },
	{ "debug", OPT_DEBUG, NULL, 0, "Print the BPF instructions before starting (for debugging purposes)", 0 },
	{ "flamegraph", OPT_FLAMEGRAPH, "FILE.svg", 0, "Also write an SVG flame graph of all stacks to FILE.svg", 0 },
	{ "lines", OPT_LINES, NULL, 0, "Show the source file:line of each frame (from DWARF)", 0 },
	{ "inlines", OPT_INLINES, NULL, 0, "Show functions inlined at each frame as frames of their own", 0 },
	{ 0 },
};

static error_t parse(int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case 'p': return -args_pid(arg, "PID", &o.pid);
	case 'c': return -args_cpu(arg, &o.cpu);
	case 'i': return -args_seconds(arg, "interval", &o.interval_ms);
	case 'D': return -args_seconds(arg, "duration", &o.duration_ms);
	case 'T': o.timestamp = true; return 0;
	case 'r': o.regex = true; return 0;
	case 's': o.offsets = true; return 0;
	case 'P': o.per_pid = true; return 0;
	case 'K': o.kernel_only = true; return 0;
	case 'U': o.user_only = true; return 0;
	case 'v': o.raw = true; return 0;
	case 'd': o.delimited = true; return 0;
	case 'f': o.folded = true; return 0;
	case 'j': o.json = true; return 0;
	case OPT_DEBUG: o.debug = true; return 0;
	case OPT_FLAMEGRAPH: o.flamegraph = arg; return 0;
	case OPT_LINES: o.lines = true; return 0;
	case OPT_INLINES: o.inlines = true; return 0;
	case ARGP_KEY_ARG:
		if (o.spec) {
			log_err("unexpected argument '%s' (one pattern at a time)", arg);
			return EINVAL;
		}
		o.spec = arg;
		return 0;
	case ARGP_KEY_END:
		if (!o.spec) {
			log_err("a pattern is needed, e.g. 'submit_bio', 'c:malloc' or 't:sched:sched_switch'");
			return EINVAL;
		}
		if (o.kernel_only && o.user_only) {
			log_err("-K and -U are mutually exclusive");
			return EINVAL;
		}
		if (o.folded && o.json) {
			log_err("-f and -j are two output formats: choose one");
			return EINVAL;
		}
		/* Before tracing: an unwritable path fails now, not at the end. */
		if (o.flamegraph && (o.flamegraph_fd = flamegraph_output(o.flamegraph)) < 0)
			return EINVAL;
		return 0;
	}
	return ARGP_ERR_UNKNOWN;
}

static const struct argp_child children[] = ARGS_CHILDREN_LONG;
static const struct argp argp = {
	options, parse, "PATTERN",
	"Count events and their stack traces.\v"
	"PATTERN is [p:]func, [p:]lib:func, t:category:event or u:lib[:provider]:probe.\n\n"
	"Examples:\n"
	"  stackcount submit_bio              # count kernel stack traces for submit_bio\n"
	"  stackcount -d ip_output            # include a user/kernel stack delimiter\n"
	"  stackcount -s ip_output            # show symbol offsets\n"
	"  stackcount -sv ip_output           # show offsets and raw addresses (verbose)\n"
	"  stackcount 'tcp_send*'             # count stacks for funcs matching tcp_send*\n"
	"  stackcount -r '^tcp_send.*'        # same as above, using regular expressions\n"
	"  stackcount -Ti 5 ip_output         # output every 5 seconds, with timestamps\n"
	"  stackcount -p 185 ip_output        # count ip_output stacks for PID 185 only\n"
	"  stackcount -c 1 put_prev_entity    # count put_prev_entity stacks for CPU 1 only\n"
	"  stackcount -p 185 c:malloc         # count stacks for malloc in PID 185\n"
	"  stackcount t:sched:sched_fork      # count stacks for the sched_fork tracepoint\n"
	"  stackcount -p 185 u:node:*         # count stacks for all USDT probes in node\n"
	"  stackcount -K t:sched:sched_switch # kernel stacks only\n"
	"  stackcount -U t:sched:sched_switch # user stacks only\n"
	"  stackcount -f --flamegraph fork.svg t:sched:sched_fork  # folded output and an SVG",
	children,
};

struct state {
	struct stackcount_bpf *skel;
	struct stackfmt fmt;
	struct flamegraph *fg;
};

/* Mappings of processes with new stacks, read while they run. */
static void tick(void *ctx)
{
	struct state *s = ctx;
	if (!o.kernel_only)
		stacks_preload_new(bpf_map__fd(s->skel->maps.stack_new_pids), s->fmt.syms);
}

static int summary(void *ctx, bool last)
{
	struct state *s = ctx;
	struct stack_record *recs;
	char hms[16];
	int n = stacks_read(bpf_map__fd(s->skel->maps.stack_counts), bpf_map__fd(s->skel->maps.stack_traces), true,
			    &recs);
	if (n < 0)
		return n;
	if (!o.folded && !o.json)
		printf("\n");
	if (o.timestamp && !o.json)
		printf("%-8s\n", output_hms(hms));
	for (int i = 0; i < n; i++) {
		stackfmt_print(&s->fmt, &recs[i], stdout);
		if (s->fg) {
			char line[16384];
			stackfmt_folded(&s->fmt, &recs[i], line, sizeof(line));
			flamegraph_add(s->fg, line, recs[i].count);
		}
	}
	free(recs);
	if (last && !o.folded && !o.json)
		printf("Detaching...\n");
	fflush(stdout);
	return 0;
}

static int stackcount_main(int argc, char **argv)
{
	struct pattern pat;
	struct attach_point *pts = NULL;
	struct attach_set links = { 0 };
	char err[512];
	if (args_parse(&argp, argc, argv, NULL))
		return 2;
	if (tracer_check_privilege())
		return 1;
	if (pattern_parse(o.spec, o.regex, &pat, err, sizeof(err))) {
		log_err("%s", err);
		return 2;
	}
	int n = pattern_resolve(&pat, o.pid, &pts, err, sizeof(err));
	if (n < 0) {
		log_err("%s", err);
		pattern_free(&pat);
		return 1;
	}
	struct state s = { .skel = TRACER_OPEN(stackcount) };
	if (!s.skel) {
		attach_points_free(pts, n);
		pattern_free(&pat);
		return 1;
	}
	s.skel->rodata->targ_tgid = o.pid;
	s.skel->rodata->targ_cpu = o.cpu;
	s.skel->rodata->stacks_kernel = !o.user_only;
	s.skel->rodata->stacks_user = !o.kernel_only;
	s.skel->rodata->stacks_per_pid = o.per_pid;
	s.skel->rodata->stacks_at_user_entry = pat.kind == PAT_UPROBE;
	struct symbols_opts so = { .offsets = o.offsets, .lines = o.lines, .inlines = o.inlines };
	s.fmt = (struct stackfmt){
		.syms = symbols_open(&so),
		.folded = o.folded,
		.json = o.json,
		.delimiter = o.delimited && !o.kernel_only && !o.user_only,
		.addresses = o.raw,
		.show_comm = o.per_pid && !o.pid,
	};
	symbols_preload(s.fmt.syms, o.pid);
	if (o.flamegraph)
		s.fg = flamegraph_new(o.spec, "samples");

	struct tracer tr = { .skeleton = s.skel->skeleton, .obj = s.skel->obj, .skel = s.skel };
	int ret = attach_prepare(s.skel->obj, pts, n);
	if (!ret)
		ret = tracer_start(&tr);
	if (!ret && o.debug)
		tracer_dump_programs(&tr, stdout);
	if (!ret)
		ret = attach_all(s.skel->obj, pts, n, pat.kind == PAT_UPROBE || pat.kind == PAT_USDT ? o.pid : 0,
				 &links);
	if (!ret) {
		/* Folded output is for scripts and flame graphs: the status line
		 * goes to stderr there, so stdout holds only stacks. */
		fprintf(o.folded || o.json ? stderr : stdout, "Tracing %d functions for \"%s\"... Hit Ctrl-C to end.\n",
			n - links.left_out, o.spec);
		fflush(stdout);
		struct loop l = {
			.interval_ms = o.interval_ms, .duration_ms = o.duration_ms, .summary = summary, .ctx = &s,
			.tick = tick, .tick_ms = 100,
		};
		ret = loop_run(&l);
	}
	attach_destroy(&links);
	if (!ret && s.fg)
		ret = flamegraph_write_fd(s.fg, o.flamegraph_fd, o.flamegraph);
	flamegraph_free(s.fg);
	symbols_close(s.fmt.syms);
	tracer_destroy(&tr);
	attach_points_free(pts, n);
	pattern_free(&pat);
	return ret < 0 ? 1 : 0;
}

BPFKIT_TOOL(stackcount, .name = "stackcount", .category = "debugging",
	    .summary = "Count events and their stack traces", .main = stackcount_main);
