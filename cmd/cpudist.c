/* cpudist: on-CPU (or off-CPU) time per scheduling, as BCC's cpudist. */
#include "core/tool.h"
#include "core/histmap.h"
#include "probes/cpudist.skel.h"

static const struct probe_spec probes[] = { PROBE_BTF_RAW("sched_switch", "switch") };

static bool offcpu, idle, extension;

static const struct tool_option options[] = {
	OPT_FLAG('O', "offcpu", &offcpu, "Measure off-CPU time", .rodata = "offcpu"),
	OPT_FLAG('I', "include-idle", &idle, "Include CPU idle time", .rodata = "include_idle"),
	OPT_FLAG('e', "extension", &extension, "Show extension summary (average/total/count)"),
	{ { 0 } },
};

static void header(void)
{
	record_status("Tracing %s-CPU time... Hit Ctrl-C to end.", offcpu ? "off" : "on");
}

/* BCC names a section "PID COMM" from /proc/PID/comm, newline included (a
 * blank line follows in text); this comm also names tasks that exited. */
static void label(uint32_t key, const char comm[16], char *buf, size_t len)
{
	snprintf(buf, len, "%u %.16s%s", key, comm, output_mode == OUTPUT_JSON ? "" : "\n");
}

static int summary(struct tracer *t, bool last)
{
	struct cpudist_bpf *skel = t->skel;
	int err = tool_print_hists(t);
	uint64_t total = __atomic_exchange_n(&skel->bss->ext_total, 0, __ATOMIC_RELAXED);
	uint64_t count = __atomic_exchange_n(&skel->bss->ext_count, 0, __ATOMIC_RELAXED);
	if (extension)
		histmap_print_extension(stdout, total, count, tool_args.millis ? "msecs" : "usecs",
					output_mode == OUTPUT_JSON);
	return err;
}

DECLARE_TOOL(cpudist, .category = "scheduler", .summary = "Summarize on- and off-CPU time per task as a histogram",
	     .shape = TOOL_INTERVAL, .takes = TOOL_PID | TOOL_HIST_OPTIONS, .bound = options, TOOL_PROBES(probes),
	     .header = header, .interval = summary,
	     TOOL_METRICS({ "hist", "task_time_seconds", "Time a task ran on a CPU before switching out (off a CPU with -O)" }),
	     .hist = { "hists", (const char *const[]){ NULL, "pid", "tid" }, label },
	     .examples = "  cpudist              # summarize on-CPU time as a histogram\n"
			 "  cpudist -O           # summarize off-CPU time as a histogram\n"
			 "  cpudist 1 10         # print 1 second summaries, 10 times\n"
			 "  cpudist -mT 1        # 1s summaries, milliseconds, and timestamps\n"
			 "  cpudist -P           # show each PID separately\n"
			 "  cpudist -p 185       # trace PID 185 only\n"
			 "  cpudist -I           # include CPU idle time\n"
			 "  cpudist -e           # show extension summary (average/total/count)");
