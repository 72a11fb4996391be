/* offcputime: summarize off-CPU time by stack, as BCC's offcputime (with the
 * folded output libbpf-tools' version lacks). */
#include "cmd/stacktool.h"
#include "probes/offcputime.skel.h"

static const struct probe_spec probes[] = { PROBE_BTF_RAW("sched_switch", "switch") };

static void header(void)
{
	char threads[256];
	stacktool_status("Tracing off-CPU time (us) of %s by %s stack", stacktool_thread_context(threads, sizeof(threads)),
			 stacktool_stack_context());
}

DECLARE_STACK_TOOL(offcputime, { .flamegraph_title = "Off-CPU Time Flame Graph", .count_name = "us", .pprof_type = "off_cpu" },
		   .category = "scheduler", .summary = "Summarize off-CPU time by stack trace",
		   .takes = TOOL_TARGETS | TOOL_STACK_SPACE | TOOL_FOLDED | TOOL_JSON | TOOL_STACK_STORAGE |
			    TOOL_DURATION_ARG,
		   .family = { &stacktool_threads_argp, &stacktool_format_argp, &stacktool_flamegraph_argp,
			       &blocktime_argp, &state_argp },
		   .args_doc = "[duration]", TOOL_PROBES(probes), .header = header,
		   .examples = "  offcputime             # trace off-CPU stack time until Ctrl-C\n"
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
			       "  offcputime -f --flamegraph off.svg 10   # and an SVG flame graph");
