/* runqlen: run queue length (or occupancy) sampled on every CPU, as BCC's
 * runqlen. */
#include "core/metrics/sink.h"
#include "core/tool.h"
#include "histo/histo.h"
#include "probes/runqlen.skel.h"

#include <string.h>

#include "probes/runqlen.h"

static struct opts {
	bool occupancy, per_cpu;
	unsigned long freq;
} o = { .freq = 99 };

static const struct tool_option options[] = {
	OPT_FLAG('O', "runqocc", &o.occupancy, "Report run queue occupancy"),
	OPT_FLAG('C', "cpus", &o.per_cpu, "Print output for each CPU separately", .rodata = "per_cpu"),
	OPT_ULONG(0x100, "frequency", "HZ", &o.freq, 1, 100000, "Samples per second on each CPU (default 99)"),
	{ { 0 } },
};

/* The share of the samples that found tasks waiting, in percent. */
static double occupancy(const uint64_t *c)
{
	uint64_t all = 0;
	for (int l = 0; l < RUNQLEN_MAX_LEN; l++)
		all += c[l];
	return all ? 100.0 * (all - c[0]) / all : 0;
}

/* One CPU's samples (cpu < 0: all CPUs' in one): a linear histogram, or
 * with -O the occupancy; -j: an object each, with the time. */
static void print_cpu(const uint64_t *c, int cpu, const char *hms)
{
	char label[16];
	snprintf(label, sizeof(label), "%d", cpu);
	if (o.occupancy) {
		rec_str("time", NULL, hms);
		if (cpu >= 0)
			rec_i64("cpu", "runqocc, CPU %-3lld ", cpu);
		rec_f64("runqocc_pct", cpu >= 0 ? "%6.2f%%" : "runqocc: %0.2f%%", occupancy(c));
		rec_end();
	} else if (metrics_sink_on) {
		metrics_hist_linear(&(struct metric_label){ "cpu", label }, cpu < 0 ? 0 : 1, c, RUNQLEN_MAX_LEN, "runqlen");
	} else if (output_mode == OUTPUT_JSON) {
		histo_json_linear(stdout, c, RUNQLEN_MAX_LEN, "runqlen", cpu < 0 ? NULL : "cpu", cpu < 0 ? NULL : label, hms);
	} else if (cpu >= 0) {
		histo_print_linear_section(stdout, "cpu", label, c, RUNQLEN_MAX_LEN, "runqlen", true);
	} else {
		histo_print_linear_ex(stdout, c, RUNQLEN_MAX_LEN, "runqlen", true);
	}
}

/* Every CPU up to the highest one sampled (one row of all CPUs without
 * -C), read and cleared in the object's .bss. */
static int summary(struct tracer *t, bool last)
{
	__u64 (*counts)[RUNQLEN_MAX_LEN] = ((struct runqlen_bpf *)t->skel)->bss->counts;
	static uint64_t c[RUNQLEN_MAX_LEN];
	int max = o.occupancy && !o.per_cpu ? 0 : -1;
	char hms[16];
	for (int cpu = 0; cpu < (o.per_cpu ? RUNQLEN_MAX_CPUS : 1); cpu++)
		for (int l = 0; l < RUNQLEN_MAX_LEN; l++)
			max = counts[cpu][l] ? cpu : max;
	tool_interval_head(record_header_out(), hms);
	for (int cpu = 0; cpu <= max; cpu++) {
		memcpy(c, counts[cpu], sizeof(c));
		memset(counts[cpu], 0, sizeof(c));
		print_cpu(c, o.per_cpu ? cpu : -1, hms);
	}
	fflush(stdout);
	return 0;
}

DECLARE_TOOL(runqlen, .category = "scheduler", .summary = "Summarize scheduler run queue length as a histogram",
	     .shape = TOOL_INTERVAL, .takes = TOOL_JSON | TOOL_INTERVAL_COUNT | TOOL_TIMESTAMP, .bound = options,
	     .samples = { SAMPLE_CPU_CLOCK("sample", .freq = &o.freq) }, .status = "Sampling run queue length... Hit Ctrl-C to end.", .interval = summary,
	     TOOL_METRICS({ "hist", "run_queue_length", "Run queue length (tasks waiting) sampled on each CPU" },
			  { "runqocc_pct", "run_queue_occupancy_ratio",
			    "Share of the samples since the last collection that found tasks waiting (-O)", 0.01, true }),
	     .examples = "  runqlen              # summarize run queue length as a histogram\n"
			 "  runqlen 1 10         # print 1 second summaries, 10 times\n"
			 "  runqlen -T 1         # 1s summaries and timestamps\n"
			 "  runqlen -O           # report run queue occupancy\n"
			 "  runqlen -C           # show each CPU separately");
