/* runqlen: run queue length (or occupancy) sampled on every CPU, as BCC's
 * runqlen. */
#include "core/histmap.h"
#include "core/perf_sample.h"
#include "core/tool.h"
#include "histo/histo.h"
#include "probes/runqlen.skel.h"

#include <bpf/bpf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "probes/runqlen.h"

static struct opts {
	bool occupancy, per_cpu;
	unsigned long freq;
} o = { .freq = 99 };

enum { OPT_FREQ = 0x100 };

static const struct tool_option bound[] = {
	OPT_FLAG('O', "runqocc", &o.occupancy, "Report run queue occupancy"),
	OPT_FLAG('C', "cpus", &o.per_cpu, "Print output for each CPU separately", .rodata = "per_cpu"),
	{ { 0 } },
};

/* Its own parser for the words of its message. */
static const struct argp_option options[] = {
	{ "frequency", OPT_FREQ, "HZ", 0, "Samples per second on each CPU (default 99)", 0 },
	{ 0 },
};

static error_t parse(int key, char *arg, struct argp_state *state)
{
	return key == OPT_FREQ ? -args_ulong(arg, "frequency", 1, 100000, &o.freq) : ARGP_ERR_UNKNOWN;
}

/* Samples per CPU and length, read and cleared from the map. */
static uint64_t (*counts)[RUNQLEN_MAX_LEN];

static int collect(int fd, int *max_cpu)
{
	struct sample {
		struct runqlen_key k;
		uint64_t n;
	} *e;
	int n = histmap_read(fd, sizeof(e->k), sizeof(*e), offsetof(struct sample, n), true, (void **)&e);
	*max_cpu = -1;
	memset(counts, 0, sizeof(uint64_t) * RUNQLEN_MAX_CPUS * RUNQLEN_MAX_LEN);
	for (int i = 0; i < n; i++) {
		if (e[i].k.cpu < RUNQLEN_MAX_CPUS && e[i].k.len < RUNQLEN_MAX_LEN) {
			counts[e[i].k.cpu][e[i].k.len] += e[i].n;
			*max_cpu = (int)e[i].k.cpu > *max_cpu ? (int)e[i].k.cpu : *max_cpu;
		}
	}
	if (n >= 0)
		free(e);
	return n < 0 ? n : 0;
}

/* The share of the samples that found tasks waiting, in percent. */
static double occupancy(const uint64_t *c)
{
	uint64_t idle = c[0], queued = 0;
	for (int l = 1; l < RUNQLEN_MAX_LEN; l++)
		queued += c[l];
	double occ = idle + queued ? (double)queued / (idle + queued) : 0;
	return 100 * occ;
}

/* One linear histogram; cpu < 0: of all CPUs, in one. */
static void print_hist(const uint64_t *c, int cpu, const char *hms)
{
	char label[16];
	snprintf(label, sizeof(label), "%d", cpu);
	if (output_mode == OUTPUT_JSON)
		histo_json_linear(stdout, c, RUNQLEN_MAX_LEN, "runqlen", cpu < 0 ? NULL : "cpu", cpu < 0 ? NULL : label,
				  hms);
	else if (cpu >= 0)
		histo_print_linear_section(stdout, "cpu", label, c, RUNQLEN_MAX_LEN, "runqlen", true);
	else
		histo_print_linear_ex(stdout, c, RUNQLEN_MAX_LEN, "runqlen", true);
}

static int summary(struct tracer *t, bool last)
{
	struct runqlen_bpf *skel = t->skel;
	int max_cpu, err = collect(bpf_map__fd(skel->maps.samples), &max_cpu);
	if (err)
		return err;
	char hms[16];
	/* -j: an object per CPU (occupancy) or per histogram, with the time;
	 * the rest of the text on stderr. */
	tool_interval_head(record_header_out(), hms);
	for (int c = 0; o.occupancy && o.per_cpu && c <= max_cpu; c++) {
		rec_str("time", NULL, hms);
		rec_i64("cpu", "runqocc, CPU %-3lld ", c);
		rec_f64("runqocc_pct", "%6.2f%%", occupancy(counts[c]));
		rec_end();
	}
	if (o.occupancy && !o.per_cpu) {
		rec_str("time", NULL, hms);
		rec_f64("runqocc_pct", "runqocc: %0.2f%%", occupancy(counts[0]));
		rec_end();
	}
	for (int c = 0; !o.occupancy && o.per_cpu && c <= max_cpu; c++)
		print_hist(counts[c], c, hms);
	if (!o.occupancy && !o.per_cpu && max_cpu >= 0)
		print_hist(counts[0], -1, hms);
	fflush(stdout);
	return 0;
}

static struct perf_sample samples;

static int configure(struct tracer *t)
{
	counts = calloc(RUNQLEN_MAX_CPUS, sizeof(*counts));
	if (!counts)
		log_err("out of memory");
	return counts ? 0 : -ENOMEM;
}

static int started(struct tracer *t)
{
	return perf_sample_attach(((struct runqlen_bpf *)t->skel)->progs.sample, o.freq, 0, -1, &samples);
}

static void header(void)
{
	record_status("Sampling run queue length... Hit Ctrl-C to end.");
}

static int end(struct tracer *t)
{
	perf_sample_detach(&samples);
	free(counts);
	return 0;
}

DECLARE_TOOL(runqlen, .category = "scheduler", .summary = "Summarize scheduler run queue length as a histogram",
	     .shape = TOOL_INTERVAL, .takes = TOOL_JSON | TOOL_INTERVAL_COUNT | TOOL_TIMESTAMP, .bound = bound, .options = options,
	     .parse = parse, .configure = configure, .started = started, .header = header, .interval = summary,
	     .end = end,
	     .examples = "  runqlen              # summarize run queue length as a histogram\n"
			 "  runqlen 1 10         # print 1 second summaries, 10 times\n"
			 "  runqlen -T 1         # 1s summaries and timestamps\n"
			 "  runqlen -O           # report run queue occupancy\n"
			 "  runqlen -C           # show each CPU separately");
