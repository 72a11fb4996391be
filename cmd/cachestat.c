/* cachestat: page cache hits, misses and dirties per interval, as BCC's
 * cachestat. */
#include "core/tool.h"
#include "probes/cachestat.skel.h"

#include "cmd/pagecache.h"
#include "probes/cachestat.h"

static const struct probe_spec probes[] = { PAGECACHE_PROBES };

static bool no_hits;

static void header(void)
{
	FILE *out = record_header_out();
	if (no_hits)
		fprintf(stderr, "cachestat: " PAGECACHE_NO_ACCESS_LINE "\n");
	if (tool_args.timestamp)
		fprintf(out, "%-8s ", "TIME");
	fprintf(out, "%8s %8s %8s %8s %12s %10s\n", "HITS", "MISSES", "DIRTIES", "HITRATIO", "BUFFERS_MB", "CACHED_MB");
	fflush(out);
}

static int started(struct tracer *t)
{
	no_hits = t->chosen[PAGECACHE_ACCESS] < 0;
	return 0;
}

static __u64 prev[CS_COUNT];

static int summary(struct tracer *t, bool last)
{
	struct cachestat_bpf *skel = t->skel;
	long long d[CS_COUNT];
	for (int i = 0; i < CS_COUNT; i++) {
		__u64 now = __atomic_load_n(&skel->bss->stats[i], __ATOMIC_RELAXED);
		d[i] = (long long)(now - prev[i]);
		prev[i] = now;
	}
	/* BCC's arithmetic: accesses less buffer dirties, additions less page
	 * dirties (new pages written), and misses no more than accesses. */
	long long total = d[CS_ACCESS] - d[CS_BUF_DIRTY], misses = d[CS_ADD] - d[CS_PAGE_DIRTY];
	misses = misses < 0 ? 0 : misses;
	total = total < 0 ? 0 : total;
	long long hits = total - misses;
	if (hits < 0 && !no_hits)
		misses = total, hits = 0;
	char hms[16];
	if (tool_args.timestamp)
		rec_str("time", "%-8s ", output_hms(hms));
	if (no_hits)
		rec_none("hits", "%8s ", "-");
	else
		rec_i64("hits", "%8lld ", hits);
	rec_i64("misses", "%8lld ", misses);
	rec_i64("dirties", "%8lld ", d[CS_BUF_DIRTY]);
	if (no_hits)
		rec_none("hitratio", "%8s ", "-");
	else if (output_mode == OUTPUT_JSON)
		rec_f64("hitratio", NULL, total ? (double)hits / total : 0);
	else
		rec_f64("hitratio", "%7.2f%% ", total ? 100.0 * hits / total : 0);
	rec_f64("buffers_mb", "%12.0f ", pagecache_meminfo_mb("Buffers"));
	rec_f64("cached_mb", "%10.0f", pagecache_meminfo_mb("Cached"));
	rec_end();
	return 0;
}

DECLARE_TOOL(cachestat, .category = "files", .summary = "Count cache kernel function calls",
	     .shape = TOOL_INTERVAL, .interval_ms = 1000,
	     .takes = TOOL_PID | TOOL_JSON | TOOL_INTERVAL_COUNT | TOOL_TIMESTAMP,
	     TOOL_METRICS({ "hits", "page_cache_hits_total", "Page cache accesses the cache answered" },
			  { "misses", "page_cache_misses_total", "Page cache accesses that added a page" },
			  { "dirties", "buffer_dirties_total", "Buffers marked dirty" },
			  { "hitratio", "hit_ratio", "Hits of the last second's accesses", 0.01, true },
			  { "buffers_mb", "buffers_bytes", "Buffers in memory (Buffers of /proc/meminfo)", 1048576, true },
			  { "cached_mb", "cached_bytes", "Page cache in memory (Cached of /proc/meminfo)", 1048576, true }),
	     .help = { .pid = "Count this process only (a bpfkit addition)", .json = "One JSON object per interval" },
	     TOOL_PROBES(probes), .header = header, .started = started, .interval = summary,
	     .examples = "  cachestat          # a line every second\n"
			 "  cachestat -T 5     # 5 second summaries, with the time\n"
			 "  cachestat 1 10     # 10 one-second summaries\n"
			 "  cachestat -p 185   # only process 185's calls");
