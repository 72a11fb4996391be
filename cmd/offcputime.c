/* offcputime: summarize off-CPU time by stack, as BCC's offcputime (with the
 * folded output libbpf-tools' version lacks). */
#include "core/args.h"
#include "core/log.h"
#include "core/loop.h"
#include "cmd/stacktool.h"
#include "core/tool.h"
#include "core/tracer.h"
#include "probes/offcputime.skel.h"

#include <stdio.h>
#include <string.h>

static const struct probe_spec probes[] = {
	{ "sched_switch",
	  { { PM_TP_BTF, "switch_btf", "sched_switch" }, { PM_RAW_TP, "switch_raw", "sched_switch" } } },
};

static struct opts {
	struct stacktool_opts st;
} o;

static error_t parse(int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case ARGP_KEY_INIT:
		state->child_inputs[0] = state->child_inputs[1] = state->child_inputs[2] = &o.st;
		return 0;
	}
	return ARGP_ERR_UNKNOWN;
}

static const struct argp_child children[] = {
	{ &stacktool_argp, 0, NULL, 0 },
	{ &blocktime_argp, 0, NULL, 0 },
	{ &state_argp, 0, NULL, 0 },
	{ &args_common, 0, "Common options:", 10 },
	{ 0 },
};
static const struct argp argp = {
	NULL, parse, "[duration]",
	"Summarize off-CPU time by stack trace.\v"
	"Examples:\n"
	"  offcputime             # trace off-CPU stack time until Ctrl-C\n"
	"  offcputime 5           # trace for 5 seconds only\n"
	"  offcputime -f 5        # 5 seconds, and output in folded format\n"
	"  offcputime -s 5        # 5 seconds, and show symbol offsets\n"
	"  offcputime -m 1000     # trace only events that last more than 1000 usec\n"
	"  offcputime -M 10000    # trace only events that last less than 10000 usec\n"
	"  offcputime -p 185      # only trace threads for PID 185\n"
	"  offcputime -t 188      # only trace thread 188\n"
	"  offcputime -u          # only trace user threads (no kernel)\n"
	"  offcputime -k          # only trace kernel threads (no user)\n"
	"  offcputime -U          # only show user space stacks (no kernel)\n"
	"  offcputime -K          # only show kernel space stacks (no user)\n"
	"  offcputime --state 2   # only trace threads in TASK_UNINTERRUPTIBLE\n"
	"  offcputime -f --flamegraph off.svg 10   # and an SVG flame graph",
	children,
};

static int summary(void *ctx, bool last)
{
	if (!o.st.folded && !o.st.json)
		printf("\n");
	return stacktool_print(ctx, &o.st, true);
}

static int offcputime_main(int argc, char **argv)
{
	stacktool_defaults(&o.st);
	o.st.count_name = "us";
	o.st.flamegraph_title = "Off-CPU Time Flame Graph";
	if (args_parse(&argp, argc, argv, NULL))
		return 2;
	struct offcputime_bpf *skel = TRACER_OPEN(offcputime);
	if (!skel)
		return 1;
	struct tracer tr = TRACER_INIT(skel, probes);
	int err = stacktool_configure(&tr, &o.st);
	err = err ?: tracer_start(&tr);
	err = err ?: stacktool_fill_targets(&tr, &o.st);
	if (!err) {
		char threads[256];
		stacktool_status(&o.st, "Tracing off-CPU time (us) of %s by %s stack",
				 stacktool_thread_context(&o.st, threads, sizeof(threads)), stacktool_stack_context(&o.st));
		struct loop l = { .duration_ms = o.st.duration_ms, .summary = summary, .ctx = &tr,
				  .tick = stacktool_tick, .tick_ms = 100 };
		err = loop_run(&l);
	}
	if (err >= 0)
		err = stacktool_finish(&o.st);
	tracer_destroy(&tr);
	return err < 0 ? 1 : 0;
}

BPFKIT_TOOL(offcputime, .name = "offcputime", .category = "scheduler",
	    .summary = "Summarize off-CPU time by stack trace", .main = offcputime_main);
