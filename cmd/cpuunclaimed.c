/* cpuunclaimed: how often CPUs sat idle while other CPUs had tasks waiting,
 * from run queue lengths sampled on every CPU at once, as BCC's
 * cpuunclaimed. */
#include "core/perf_sample.h"
#include "core/tool.h"
#include "probes/cpuunclaimed.skel.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "probes/cpuunclaimed.h"

#define FREQUENCY 99

static struct opts {
	bool csv, fullcsv, interval;
} o;

static const struct argp_option options[] = {
	{ "csv", 'j', NULL, 0, "Print sample summaries (verbose) as comma-separated values", 0 },
	{ "fullcsv", 'J', NULL, 0, "Print sample summaries with extra fields: CPU sample offsets", 0 },
	{ "json", 0x100, NULL, 0, "One JSON object per summary: time, cpu_pct, unclaimed_idle_pct (-j is BCC's CSV)", 0 },
	{ 0 },
};

static error_t parse(int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case 'j': o.csv = true; return 0;
	case 'J': o.fullcsv = o.csv = true; return 0;
	case 0x100: output_mode = OUTPUT_JSON; return 0;
	case ARGP_KEY_ARG: o.interval = true; return ARGP_ERR_UNKNOWN; /* core's */
	case ARGP_KEY_END:
		if (o.csv && o.interval) {
			log_err("cannot use interval with either -j or -J");
			return EINVAL;
		}
		if (o.csv && output_mode == OUTPUT_JSON) {
			log_err("-j/-J (CSV) and --json are two output formats: choose one");
			return EINVAL;
		}
		return 0;
	}
	return ARGP_ERR_UNKNOWN;
}

static struct runq_sample *samples;
static size_t nsamples, capsamples;
static int ncpu;
static uint64_t positive, running, idle;

static int on_event(const void *data, size_t size)
{
	if (nsamples == capsamples) {
		size_t nc = capsamples ? capsamples * 2 : 1024;
		struct runq_sample *p = realloc(samples, nc * sizeof(*p));
		if (!p)
			return 0;
		samples = p;
		capsamples = nc;
	}
	memcpy(&samples[nsamples++], data, sizeof(struct runq_sample));
	return 0;
}

static int by_ts(const void *a, const void *b)
{
	const struct runq_sample *x = a, *y = b;
	return x->ts < y->ts ? -1 : x->ts > y->ts;
}

/* One group: a sample of every CPU at one moment (probes/cpuunclaimed.bpf.c
 * reads all the queues at once, so the offsets -J prints are 0). */
static void group_done(const struct runq_sample *g, size_t n)
{
	if (!n)
		return;
	uint64_t first = g[0].ts;
	if (o.csv) {
		uint64_t lens[1024] = { 0 }, offs[1024] = { 0 };
		for (size_t i = 0; i < n; i++)
			if (g[i].cpu < 1024) {
				lens[g[i].cpu] = g[i].len;
				offs[g[i].cpu] = g[i].ts - first;
			}
		char hms[16];
		if (tool_args.timestamp)
			printf("%-8s,", output_hms(hms));
		printf("%llu", (unsigned long long)first);
		for (int c = 0; c < ncpu && c < 1024; c++)
			printf(",%llu", (unsigned long long)lens[c]);
		for (int c = 0; o.fullcsv && c < ncpu && c < 1024; c++)
			printf(",%llu", (unsigned long long)offs[c]);
		printf("\n");
	} else {
		uint64_t g_running = 0, g_queued = 0;
		for (size_t i = 0; i < n; i++) {
			if (g[i].len > 0)
				g_running++;
			if (g[i].len > 1)
				g_queued += g[i].len - 1;
		}
		/* A CPU whose timer has not fired yet is not in the group. */
		uint64_t g_idle = n > g_running ? n - g_running : 0;
		/* Waiting tasks an idle CPU could have run. */
		if (g_idle && g_queued)
			positive += g_queued > g_idle ? g_idle : g_queued;
		running += g_running;
		idle += g_idle;
	}
}

static int summary(struct tracer *t, bool final)
{
	qsort(samples, nsamples, sizeof(*samples), by_ts);
	size_t start = 0;
	for (size_t i = 0; i < nsamples; i++) {
		if (samples[i].ts != samples[start].ts) { /* the next moment */
			group_done(&samples[start], i - start);
			start = i;
		}
	}
	/* The newest group may still be filling: keep it for next time. */
	memmove(samples, &samples[start], (nsamples - start) * sizeof(*samples));
	nsamples -= start;
	if (!o.csv) {
		char hms[16];
		uint64_t total = running + idle;
		output_hms(hms);
		if (tool_args.timestamp || output_mode == OUTPUT_JSON)
			rec_str("time", "%-8s ", hms);
		rec_f64("cpu_pct", "%%CPU %6.2f%%, ", total ? 100.0 * running / total : 0.0);
		rec_f64("unclaimed_idle_pct", "unclaimed idle %0.2f%%", total ? 100.0 * positive / total : 0.0);
		rec_end();
		positive = running = idle = 0;
	}
	fflush(stdout);
	return 0;
}

/* A fixed period, not a frequency: the CPUs' timers stay in step. */
static const unsigned long period = 1000000000 / FREQUENCY;

static int configure(struct tracer *t)
{
	struct cpuunclaimed_bpf *skel = t->skel;
	ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	skel->rodata->nr_cpus = libbpf_num_possible_cpus();
	skel->rodata->leader_cpu = perf_sample_first_cpu();
	if (o.csv) /* samples are written as they come */
		tool_args.interval_ms = 200;
	return 0;
}

static void header(void)
{
	if (!o.csv) {
		record_status("Sampling run queues... Output every %g seconds. Hit Ctrl-C to end.",
			      tool_args.interval_ms / 1000.0);
		return;
	}
	if (tool_args.timestamp)
		printf("TIME,");
	printf("TIMESTAMP_ns");
	for (int c = 0; c < ncpu; c++)
		printf(",CPU%d", c);
	for (int c = 0; o.fullcsv && c < ncpu; c++)
		printf(",OFFSET_ns_CPU%d", c);
	printf("\n");
	fflush(stdout);
}

static int end(struct tracer *t)
{
	free(samples);
	return 0;
}

DECLARE_TOOL(cpuunclaimed, .category = "scheduler", .summary = "Sample CPU run queues and calculate unclaimed idle CPU",
	     .shape = TOOL_INTERVAL, .interval_ms = 1000, .takes = TOOL_INTERVAL_COUNT | TOOL_TIMESTAMP,
	     .options = options, .parse = parse, .configure = configure, .header = header,
	     .samples = { SAMPLE_CPU_CLOCK("sample", .period = &period) },
	     .event = on_event, .event_size = sizeof(struct runq_sample), .interval = summary, .end = end,
	     .examples = "  cpuunclaimed            # sample and calculate unclaimed idle CPUs,\n"
			 "                          # output every 1 second (default)\n"
			 "  cpuunclaimed 5 10       # print 5 second summaries, 10 times\n"
			 "  cpuunclaimed -T 1       # 1s summaries and timestamps\n"
			 "  cpuunclaimed -j         # raw dump of all samples (verbose), CSV");
