/* llcstat: last-level cache references, misses and hit rate by process and
 * CPU, from hardware counters, as BCC's llcstat. */
#include "core/args.h"
#include "core/log.h"
#include "core/loop.h"
#include "core/perf_sample.h"
#include "core/record.h"
#include "core/tool.h"
#include "core/tracer.h"
#include "probes/llcstat.skel.h"

#include <bpf/bpf.h>
#include <linux/perf_event.h>
#include <linux/types.h>
#include <stdio.h>
#include <string.h>

#include "probes/llcstat.h"

static struct opts {
	unsigned long period;
	bool per_thread;
	unsigned long duration_ms;
	bool has_duration;
} o = { .period = 100, .duration_ms = 10000 };

static const struct argp_option options[] = {
	{ "sample_period", 'c', "N", 0, "Sample one in this many number of cache reference / miss events", 0 },
	{ "tid", 't', NULL, 0, "Summarize cache references and misses by PID/TID", 0 },
	RECORD_JSON_OPTION,
	{ 0 },
};

static error_t parse(int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case 'j': output_mode = OUTPUT_JSON; return 0;
	case 'c': return -args_ulong(arg, "sample period", 1, ~0UL >> 1, &o.period);
	case 't': o.per_thread = true; return 0;
	case ARGP_KEY_ARG:
		if (o.has_duration) {
			log_err("unexpected argument '%s'", arg);
			return EINVAL;
		}
		o.has_duration = true;
		return -args_seconds(arg, "duration", &o.duration_ms);
	}
	return ARGP_ERR_UNKNOWN;
}

static const struct argp_child children[] = ARGS_CHILDREN;
static const struct argp argp = {
	options, parse, "[duration]",
	"Summarize cache references and misses by PID (needs a hardware PMU).\v"
	"Examples:\n"
	"  llcstat             # 10 seconds, one sample per 100 events\n"
	"  llcstat -c 1000 5   # 5 seconds, one sample per 1000 events\n"
	"  llcstat -t          # by thread too",
	children,
};

static int report(void *ctx, bool last)
{
	struct llcstat_bpf *skel = ((struct tracer *)ctx)->skel;
	int fd = bpf_map__fd(skel->maps.counts);
	FILE *out = record_header_out();
	fprintf(out, "%s", "PID      ");
	if (o.per_thread)
		fprintf(out, "%s", "TID      ");
	fprintf(out, "NAME             CPU     REFERENCE         MISS    HIT%%\n");
	unsigned long long total_ref = 0, total_miss = 0;
	struct llc_key k, next, *prev = NULL;
	while (!bpf_map_get_next_key(fd, prev, &next)) {
		struct llc_value v;
		k = next;
		prev = &k;
		if (bpf_map_lookup_elem(fd, &k, &v) || !v.refs)
			continue; /* BCC lists what has references */
		total_ref += v.refs;
		total_miss += v.misses;
		/* Sampling can count more misses than references. */
		unsigned long long hit = v.refs >= v.misses ? v.refs - v.misses : 0;
		rec_u64("pid", "%-8llu ", k.pid);
		if (o.per_thread)
			rec_u64("tid", "%-8llu ", k.tid);
		rec_strn("name", "%-16s ", k.comm, sizeof(k.comm));
		rec_u64("cpu", "%-4llu ", k.cpu);
		rec_u64("reference", "%12llu ", v.refs);
		rec_u64("miss", "%12llu ", v.misses);
		rec_f64("hit_pct", "%6.2f%%", 100.0 * hit / v.refs);
		rec_end();
	}
	fprintf(out, "Total References: %llu Total Misses: %llu Hit Rate: %.2f%%\n", total_ref, total_miss,
		total_ref ? 100.0 * (double)(total_ref - total_miss) / total_ref : 0.0);
	return 0;
}

static int llcstat_main(int argc, char **argv)
{
	if (args_parse(&argp, argc, argv, NULL))
		return 2;
	struct llcstat_bpf *skel = TRACER_OPEN(llcstat);
	if (!skel)
		return 1;
	skel->rodata->per_thread = o.per_thread;
	struct tracer tr = { .skeleton = skel->skeleton, .obj = skel->obj, .skel = skel };
	struct perf_sample misses = { 0 }, refs = { 0 };
	int err = tracer_start(&tr);
	err = err ?: perf_sample_attach_event(skel->progs.on_cache_miss, PERF_TYPE_HARDWARE,
					      PERF_COUNT_HW_CACHE_MISSES, 0, o.period, -1, "cache-misses", &misses);
	err = err ?: perf_sample_attach_event(skel->progs.on_cache_ref, PERF_TYPE_HARDWARE,
					      PERF_COUNT_HW_CACHE_REFERENCES, 0, o.period, -1, "cache-references",
					      &refs);
	if (!err) {
		fprintf(record_header_out(), "Running for %g seconds or hit Ctrl-C to end.\n", o.duration_ms / 1000.0);
		fflush(stdout);
		struct loop l = { .duration_ms = o.duration_ms, .summary = report, .ctx = &tr };
		err = loop_run(&l);
	}
	perf_sample_detach(&misses);
	perf_sample_detach(&refs);
	tracer_destroy(&tr);
	return err < 0 ? 1 : 0;
}

BPFKIT_TOOL(llcstat, .name = "llcstat", .category = "scheduler",
	    .summary = "Summarize cache references and misses by PID", .main = llcstat_main);
