/* pidpersec: new processes (and threads) per second, as BCC's pidpersec. */
#include "core/tool.h"
#include "probes/pidpersec.skel.h"

static const struct probe_spec probes[] = { PROBE_BTF_RAW_TP("sched", "sched_process_fork", "fork") };

static int summary(struct tracer *t, bool last)
{
	/* BCC prints only whole seconds: nothing for the part cut by Ctrl-C. */
	if (last)
		return 0;
	struct pidpersec_bpf *skel = t->skel;
	unsigned long long n = __atomic_exchange_n(&skel->bss->forks, 0, __ATOMIC_RELAXED);
	char hms[16];
	rec_str("time", "%s: PIDs/sec: ", output_hms(hms));
	rec_u64("pids_per_s", "%llu", n);
	rec_end();
	return 0;
}

DECLARE_TOOL(pidpersec, .category = "process", .summary = "Count new processes (via fork) per second",
	     .shape = TOOL_INTERVAL, .interval_ms = 1000, .takes = TOOL_PID | TOOL_DURATION | TOOL_JSON,
	     .help.pid = "Count only the tasks this process creates", TOOL_PROBES(probes), .status = "Tracing... Ctrl-C to end.",
	     .interval = summary,
	     TOOL_METRICS({ "pids_per_s", "tasks_created_total", "New tasks (fork, clone), by the second" }),
	     .examples = "  pidpersec            # new tasks per second, system wide\n"
			 "  pidpersec -p 181     # only those PID 181 creates");
