/* dcstat: directory entry cache (dcache) statistics per interval, as
 * BCC's dcstat. */
#include "core/rates.h"
#include "core/tool.h"
#include "probes/dcstat.skel.h"

static const struct probe_spec probes[] = {
	PROBE_FENTRY("lookup_fast", "lookup_fast", "fast"),
	PROBE_FEXIT("d_lookup return", "d_lookup", "d_lookup"),
};

/* Of this interval's references, those the cache answered. */
static void hit_pct(const unsigned long long *delta)
{
	if (delta[0])
		rec_f64("hit_pct", " %8.2f", 100.0 * ((double)delta[0] - (double)delta[2]) / (double)delta[0]);
	else
		rec_none("hit_pct", " %7s%%", "-");
}

static const unsigned long long *counters(struct tracer *t)
{
	return ((struct dcstat_bpf *)t->skel)->bss->stats;
}

static const struct rate_table rates = { (const char *const[]){ "REFS", "SLOW", "MISS" }, 3,
					 (unsigned long long[3]){ 0 }, counters, "HIT%", hit_pct };

DECLARE_TOOL(dcstat, .category = "files", .summary = "Directory entry cache (dcache) stats",
	     .shape = TOOL_INTERVAL, .interval_ms = 1000, .takes = TOOL_PID | TOOL_JSON | TOOL_INTERVAL_COUNT,
	     .help.pid = "Count this process only (a bpfkit addition)", TOOL_PROBES(probes), TOOL_RATES(rates),
	     TOOL_METRICS({ "count", "lookups_total", "Directory cache references, slow lookups and misses (op)" }),
	     .examples = "  dcstat          # a line every second\n"
			 "  dcstat 5 10     # 5 second summaries, 10 times\n"
			 "  dcstat -p 185   # only process 185");
