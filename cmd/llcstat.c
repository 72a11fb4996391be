/* llcstat: last-level cache references, misses and hit rate by process and
 * CPU, from hardware counters, as BCC's llcstat. */
#include "core/perf_sample.h"
#include "core/tool.h"
#include "probes/llcstat.skel.h"

#include <bpf/bpf.h>
#include <linux/perf_event.h>

#include "probes/llcstat.h"

static struct opts {
	unsigned long period;
	bool per_thread;
} o = { .period = 100 };

/* BCC's -c is the sample period and -t per thread; the duration is the
 * argument. */
static const struct tool_option bound[] = {
	OPT_FLAG('t', "tid", &o.per_thread, "Summarize cache references and misses by PID/TID", .rodata = "per_thread"),
	{ { 0 } },
};

static const struct argp_option options[] = {
	{ "sample_period", 'c', "N", 0, "Sample one in this many number of cache reference / miss events", 0 },
	{ 0 },
};

static error_t parse(int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case 'c': return -args_ulong(arg, "sample period", 1, ~0UL >> 1, &o.period);
	case ARGP_KEY_ARG:
		return state->arg_num ? ARGP_ERR_UNKNOWN : -args_seconds(arg, "duration", &tool_args.duration_ms);
	case ARGP_KEY_END:
		tool_args.duration_ms = tool_args.duration_ms ?: 10000;
		return 0;
	}
	return ARGP_ERR_UNKNOWN;
}

static int report(struct tracer *t, bool last)
{
	struct llcstat_bpf *skel = t->skel;
	int fd = bpf_map__fd(skel->maps.counts);
	FILE *out = record_header_out();
	fprintf(out, "PID      %sNAME             CPU     REFERENCE         MISS    HIT%%\n",
		o.per_thread ? "TID      " : "");
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

static struct perf_sample misses, refs;

static int started(struct tracer *t)
{
	struct llcstat_bpf *skel = t->skel;
	int err = perf_sample_attach_event(skel->progs.on_cache_miss, PERF_TYPE_HARDWARE, PERF_COUNT_HW_CACHE_MISSES,
					   0, o.period, -1, "cache-misses", &misses);
	return err ?: perf_sample_attach_event(skel->progs.on_cache_ref, PERF_TYPE_HARDWARE,
					       PERF_COUNT_HW_CACHE_REFERENCES, 0, o.period, -1, "cache-references",
					       &refs);
}

static void header(void)
{
	record_status("Running for %g seconds or hit Ctrl-C to end.", tool_args.duration_ms / 1000.0);
}

static int end(struct tracer *t)
{
	perf_sample_detach(&misses);
	perf_sample_detach(&refs);
	return 0;
}

/* One report, at the end: no interval. */
DECLARE_TOOL(llcstat, .category = "scheduler", .summary = "Summarize cache references and misses by PID",
	     .summary_note = "(needs a hardware PMU)", .shape = TOOL_INTERVAL, .takes = TOOL_JSON, .bound = bound,
	     .options = options, .parse = parse, .args_doc = "[duration]", .started = started, .header = header,
	     .interval = report, .end = end,
	     .examples = "  llcstat             # 10 seconds, one sample per 100 events\n"
			 "  llcstat -c 1000 5   # 5 seconds, one sample per 1000 events\n"
			 "  llcstat -t          # by thread too");
