/* runqlat: run queue (scheduler) latency as a histogram, as BCC's runqlat. */
#include "core/tool.h"
#include "probes/runqlat.skel.h"

static const struct probe_spec probes[] = {
	PROBE_BTF_RAW("sched_wakeup", "wakeup"),
	PROBE_BTF_RAW("sched_wakeup_new", "wakeup_new"),
	PROBE_BTF_RAW("sched_switch", "switch"),
};

/* After core's -P and -L, as the BPF side numbers them. */
enum { KEY_PIDNS = TOOL_BY_TID + 1, KEY_CPU };
enum { OPT_PIDNSS = 0x100, OPT_CPUS };

static const struct tool_option options[] = {
	OPT_SET(OPT_PIDNSS, "pidnss", &tool_args.key_by, KEY_PIDNS, "Print a histogram per PID namespace"),
	OPT_SET(OPT_CPUS, "cpus", &tool_args.key_by, KEY_CPU, "Print a histogram per CPU (the one the task ran on)"),
	{ { 0 } },
};

DECLARE_TOOL(runqlat, .category = "scheduler", .summary = "Summarize run queue (CPU scheduler) latency as a histogram",
	     .shape = TOOL_INTERVAL, .takes = TOOL_PID | TOOL_HIST_OPTIONS, .bound = options, TOOL_PROBES(probes),
	     .status = "Tracing run queue latency... Hit Ctrl-C to end.", .hist = { "hists", (const char *const[]){ NULL, "pid", "tid", "pidns", "cpu" } },
	     /* --prometheus: the histograms' name (default bpfkit_runqlat_seconds). */
	     TOOL_METRICS({ "hist", "run_queue_latency_seconds", "Time from a task's wakeup (or preemption) to its running" }),
	     .examples = "  runqlat            # summarize run queue latency as a histogram\n"
			 "  runqlat 1 10       # print 1 second summaries, 10 times\n"
			 "  runqlat -mT 1      # 1s summaries, milliseconds, and timestamps\n"
			 "  runqlat -P         # show each PID separately\n"
			 "  runqlat -p 185     # trace PID 185 only\n"
			 "  runqlat -j 1 5     # five 1 second summaries as JSON lines");
