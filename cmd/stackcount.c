/* stackcount: count the stacks leading to functions, tracepoints or USDT
 * probes matching a pattern, in the kernel, as BCC's stackcount. */
#include "cmd/stacktool.h"
#include "core/stacks/stackfmt.h"
#include "probes/stackcount.skel.h"

enum { OPT_DEBUG = 0x100 };

static bool per_pid;

/* BCC's letters: -D the duration (-d is the delimiter), -v raw addresses. */
static const struct tool_option options[] = {
	OPT_SECONDS('D', "duration", "DURATION", &tool_args.duration_ms, "Total duration of trace, seconds"),
	OPT_SECONDS('i', "interval", "INTERVAL", &stacktool.interval_ms, "Summary interval, seconds"),
	OPT_FLAG('P', "perpid", &per_pid, "Display stacks separately for each process", .rodata = "stacks_per_pid"),
	OPT_FLAG('v', "verbose", &stacktool.addresses, "Show raw addresses"),
	OPT_FLAG(OPT_DEBUG, "debug", &tool_pattern.debug,
		 "Print the BPF instructions before starting (for debugging purposes)"),
	{ { 0 } },
};

static int configure(struct tracer *t)
{
	struct stackcount_bpf *skel = t->skel;
	/* A uprobe fires before the function's frame is made: its caller is
	 * what the stack's top frame would hide. */
	skel->rodata->stacks_at_user_entry = tool_pattern.pat.kind == PAT_UPROBE;
	stacktool.flamegraph_title = tool_pattern.spec;
	return 0;
}

static int print(struct tracer *t, bool last)
{
	char hms[16];
	if (output_mode == OUTPUT_TEXT)
		printf("\n");
	if (tool_args.timestamp && output_mode != OUTPUT_JSON)
		printf("%-8s\n", output_hms(hms));
	const struct tool_stack_args *s = &tool_stack_args;
	struct stackfmt f = {
		.delimiter = stacktool.delimited && !s->kernel_only && !s->user_only,
		.addresses = stacktool.addresses,
		.show_comm = per_pid && !tool_args.pid,
	};
	int err = stacktool_print(t, &f);
	if (!err && last && output_mode == OUTPUT_TEXT)
		printf("Detaching...\n");
	fflush(stdout);
	return err;
}

DECLARE_STACK_TOOL(stackcount, { .pprof_type = "calls", .print = print }, .category = "debugging",
		   .summary = "Count events and their stack traces",
		   .takes = TOOL_PATTERN | TOOL_PID | TOOL_CPU | TOOL_TIMESTAMP | TOOL_STACK_SPACE | TOOL_FOLDED | TOOL_JSON,
		   .stack_help = { .user_only = "User stack only", .kernel_only = "Kernel stack only" },
		   .bound = options, .family = { &stacktool_format_argp, &stacktool_flamegraph_all_argp }, .configure = configure,
		   .header = tool_pattern_status,
		   .help = { .pattern = "'submit_bio'",
			     .after = "PATTERN is [p:]func, [p:]lib:func, t:category:event or u:lib[:provider]:probe." },
		   .examples = "  stackcount submit_bio              # count kernel stack traces for submit_bio\n"
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
			       "  stackcount -f --flamegraph fork.svg t:sched:sched_fork  # folded output and an SVG");
