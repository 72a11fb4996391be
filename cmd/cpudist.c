/* cpudist: on-CPU (or off-CPU) time per scheduling, as BCC's cpudist. */
#include "core/tool.h"
#include "core/histmap.h"
#include "probes/cpudist.skel.h"

static const struct probe_spec probes[] = { PROBE_BTF_RAW("sched_switch", "switch") };

static bool offcpu, idle, extension;

static const struct argp_option options[] = {
	{ "offcpu", 'O', NULL, 0, "Measure off-CPU time", 0 },
	{ "include-idle", 'I', NULL, 0, "Include CPU idle time", 0 },
	{ "extension", 'e', NULL, 0, "Show extension summary (average/total/count)", 0 },
	{ 0 },
};

static error_t parse(int key, char *arg, struct argp_state *state)
{
	bool *flag = key == 'O' ? &offcpu : key == 'I' ? &idle : key == 'e' ? &extension : NULL;
	return flag ? (*flag = true, 0) : ARGP_ERR_UNKNOWN;
}

static int configure(struct tracer *t)
{
	struct cpudist_bpf *skel = t->skel;
	skel->rodata->offcpu = offcpu, skel->rodata->include_idle = idle;
	return 0;
}

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
	     .shape = TOOL_INTERVAL,
	     .takes = TOOL_PID | TOOL_HIST_OPTIONS, .options = options, .parse = parse, TOOL_PROBES(probes),
	     .configure = configure, .header = header, .interval = summary,
	     .hist = { "hists", (const char *const[]){ NULL, "pid", "tid" }, label },
	     .examples = "  cpudist              # summarize on-CPU time as a histogram\n"
			 "  cpudist -O           # summarize off-CPU time as a histogram\n"
			 "  cpudist 1 10         # print 1 second summaries, 10 times\n"
			 "  cpudist -mT 1        # 1s summaries, milliseconds, and timestamps\n"
			 "  cpudist -P           # show each PID separately\n"
			 "  cpudist -p 185       # trace PID 185 only\n"
			 "  cpudist -I           # include CPU idle time\n"
			 "  cpudist -e           # show extension summary (average/total/count)");
