/* llcstat: last-level cache references, misses and hit rate by process and
 * CPU, from hardware counters, as BCC's llcstat. */
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
static const struct tool_option options[] = {
	OPT_FLAG('t', "tid", &o.per_thread, "Summarize cache references and misses by PID/TID", .rodata = "per_thread"),
	OPT_ULONG('c', "sample_period", "N", &o.period, 1, ~0UL >> 1,
		  "Sample one in this many number of cache reference / miss events"),
	{ { 0 } },
};

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

static void header(void)
{
	record_status("Running for %g seconds or hit Ctrl-C to end.", tool_args.duration_ms / 1000.0);
}

/* One report, at the end: no interval. */
DECLARE_TOOL(llcstat, .category = "scheduler", .summary = "Summarize cache references and misses by PID",
	     .summary_note = "(needs a hardware PMU)", .shape = TOOL_INTERVAL, .takes = TOOL_JSON | TOOL_DURATION_ARG,
	     .bound = options, .args_doc = "[duration]", .duration_ms = 10000, .header = header, .interval = report,
	     .samples = { { "on_cache_miss", PERF_TYPE_HARDWARE, PERF_COUNT_HW_CACHE_MISSES, "cache-misses", .period = &o.period },
			  { "on_cache_ref", PERF_TYPE_HARDWARE, PERF_COUNT_HW_CACHE_REFERENCES, "cache-references",
			    .period = &o.period } },
	     .examples = "  llcstat             # 10 seconds, one sample per 100 events\n"
			 "  llcstat -c 1000 5   # 5 seconds, one sample per 1000 events\n"
			 "  llcstat -t          # by thread too");
