/* runqlen: run queue length (or occupancy) sampled on every CPU, as BCC's
 * runqlen. */
#include "core/args.h"
#include "core/log.h"
#include "core/loop.h"
#include "core/output.h"
#include "core/perf_sample.h"
#include "core/record.h"
#include "core/tool.h"
#include "core/tracer.h"
#include "histo/histo.h"
#include "probes/runqlen.skel.h"

#include <bpf/bpf.h>

#include <linux/types.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probes/runqlen.h"

static struct opts {
	bool timestamp, occupancy, per_cpu;
	unsigned long freq;
	struct args_interval iv;
} o = { .freq = 99 };

enum { OPT_FREQ = 0x100 };

static const struct argp_option options[] = {
	{ "timestamp", 'T', NULL, 0, "Include timestamp on output", 0 },
	{ "runqocc", 'O', NULL, 0, "Report run queue occupancy", 0 },
	{ "cpus", 'C', NULL, 0, "Print output for each CPU separately", 0 },
	{ "frequency", OPT_FREQ, "HZ", 0, "Samples per second on each CPU (default 99)", 0 },
	RECORD_JSON_OPTION,
	{ 0 },
};

static error_t parse(int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case 'j': output_mode = OUTPUT_JSON; return 0;
	case 'T': o.timestamp = true; return 0;
	case 'O': o.occupancy = true; return 0;
	case 'C': o.per_cpu = true; return 0;
	case OPT_FREQ: return -args_ulong(arg, "frequency", 1, 100000, &o.freq);
	case ARGP_KEY_ARG: return args_interval_count(&o.iv, arg);
	}
	return ARGP_ERR_UNKNOWN;
}

static const struct argp_child children[] = ARGS_CHILDREN;
static const struct argp argp = {
	options, parse, "[interval [count]]",
	"Summarize scheduler run queue length as a histogram.\v"
	"Examples:\n"
	"  runqlen              # summarize run queue length as a histogram\n"
	"  runqlen 1 10         # print 1 second summaries, 10 times\n"
	"  runqlen -T 1         # 1s summaries and timestamps\n"
	"  runqlen -O           # report run queue occupancy\n"
	"  runqlen -C           # show each CPU separately",
	children,
};

/* Samples per CPU and length, read and cleared from the map. */
static uint64_t (*counts)[RUNQLEN_MAX_LEN];

static int collect(int fd, int *max_cpu)
{
	struct runqlen_key k, next, *prev = NULL;
	*max_cpu = -1;
	memset(counts, 0, sizeof(uint64_t) * RUNQLEN_MAX_CPUS * RUNQLEN_MAX_LEN);
	while (!bpf_map_get_next_key(fd, prev, &next)) {
		uint64_t v;
		if (!bpf_map_lookup_elem(fd, &next, &v) && next.cpu < RUNQLEN_MAX_CPUS && next.len < RUNQLEN_MAX_LEN) {
			counts[next.cpu][next.len] += v;
			if ((int)next.cpu > *max_cpu)
				*max_cpu = next.cpu;
		}
		k = next;
		prev = &k;
	}
	/* Deleting while iterating restarts the walk: delete what we read. */
	prev = NULL;
	while (!bpf_map_get_next_key(fd, NULL, &next))
		if (bpf_map_delete_elem(fd, &next))
			break;
	return 0;
}

static void occupancy(const uint64_t *c, uint64_t *idle, uint64_t *queued)
{
	*idle = c[0];
	*queued = 0;
	for (int l = 1; l < RUNQLEN_MAX_LEN; l++)
		*queued += c[l];
}

static int summary(void *ctx, bool last)
{
	struct tracer *tr = ctx;
	struct runqlen_bpf *skel = tr->skel;
	int max_cpu;
	collect(bpf_map__fd(skel->maps.samples), &max_cpu);
	char hms[16];
	/* -j: an object per CPU (occupancy) or per histogram, with the time;
	 * the rest of the text on stderr. */
	FILE *out = record_header_out();
	output_hms(hms);
	fprintf(out, "\n");
	if (o.timestamp)
		fprintf(out, "%-8s\n", hms);
	if (o.occupancy && o.per_cpu) {
		for (int c = 0; c <= max_cpu; c++) {
			uint64_t idle, queued;
			occupancy(counts[c], &idle, &queued);
			double occ = idle + queued ? (double)queued / (idle + queued) : 0;
			rec_str("time", NULL, hms);
			rec_i64("cpu", "runqocc, CPU %-3lld ", c);
			rec_f64("runqocc_pct", "%6.2f%%", 100 * occ);
			rec_end();
		}
	} else if (o.occupancy) {
		uint64_t idle, queued;
		occupancy(counts[0], &idle, &queued);
		double occ = idle + queued ? (double)queued / (idle + queued) : 0;
		rec_str("time", NULL, hms);
		rec_f64("runqocc_pct", "runqocc: %0.2f%%", 100 * occ);
		rec_end();
	} else if (o.per_cpu) {
		for (int c = 0; c <= max_cpu; c++) {
			char label[16];
			snprintf(label, sizeof(label), "%d", c);
			if (output_mode == OUTPUT_JSON)
				histo_json_linear(stdout, counts[c], RUNQLEN_MAX_LEN, "runqlen", "cpu", label, hms);
			else
				histo_print_linear_section(stdout, "cpu", label, counts[c], RUNQLEN_MAX_LEN, "runqlen",
							   true);
		}
	} else if (max_cpu >= 0) {
		if (output_mode == OUTPUT_JSON)
			histo_json_linear(stdout, counts[0], RUNQLEN_MAX_LEN, "runqlen", NULL, NULL, hms);
		else
			histo_print_linear_ex(stdout, counts[0], RUNQLEN_MAX_LEN, "runqlen", true);
	}
	fflush(stdout);
	return 0;
}

static int runqlen_main(int argc, char **argv)
{
	if (args_parse(&argp, argc, argv, NULL))
		return 2;
	counts = calloc(RUNQLEN_MAX_CPUS, sizeof(*counts));
	struct runqlen_bpf *skel = counts ? TRACER_OPEN(runqlen) : NULL;
	if (!skel) {
		free(counts);
		return 1;
	}
	skel->rodata->per_cpu = o.per_cpu;
	struct perf_sample samples = { 0 };
	struct tracer tr = { .skeleton = skel->skeleton, .obj = skel->obj, .skel = skel };
	int err = tracer_start(&tr);
	err = err ?: perf_sample_attach(skel->progs.sample, o.freq, 0, -1, &samples);
	if (!err) {
		fprintf(record_header_out(), "Sampling run queue length... Hit Ctrl-C to end.\n");
		fflush(stdout);
		struct loop l = { .interval_ms = o.iv.interval_ms, .count = o.iv.count, .summary = summary, .ctx = &tr };
		err = loop_run(&l);
	}
	perf_sample_detach(&samples);
	tracer_destroy(&tr);
	free(counts);
	return err < 0 ? 1 : 0;
}

BPFKIT_TOOL(runqlen, .name = "runqlen", .category = "scheduler",
	    .summary = "Summarize scheduler run queue length as a histogram", .main = runqlen_main);
