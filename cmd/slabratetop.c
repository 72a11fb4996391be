/* slabratetop: kernel slab cache allocations top-style, as BCC's. */
#include "cmd/toptool.h"
#include "core/histmap.h"
#include "probes/slabratetop.skel.h"

#include <stdlib.h>
#include <string.h>

#include "probes/slabratetop.h"

static const struct probe_spec probes[] = {
	{ "kmem_cache_alloc",
	  { { PM_FENTRY, "alloc_fentry", "kmem_cache_alloc" },
	    { PM_KPROBE, "alloc_kprobe", "kmem_cache_alloc" },
	    { PM_TP_BTF, "alloc_btf", "kmem_cache_alloc" } } },
};

static const char *sort = "size";

static const struct tool_option options[] = {
	OPT_FLAG('C', "noclear", &toptool.noclear, "don't clear the screen"),
	OPT_ULONG('r', "maxrows", "MAXROWS", &toptool.maxrows, 1, 1000000, "maximum rows to print, default 20"),
	OPT_STRING('s', "sort", "SORT", &sort, "sort column: name, count or size (default)"),
	{ { 0 } },
};

static error_t parse(int key, char *arg, struct argp_state *state)
{
	if (key != ARGP_KEY_END || !strcmp(sort, "name") || !strcmp(sort, "count") || !strcmp(sort, "size"))
		return ARGP_ERR_UNKNOWN;
	log_err("invalid sort column '%s': name, count or size", sort);
	return EINVAL;
}

struct row {
	struct slab_key k;
	struct slab_val v;
};

static uint64_t value(const void *r)
{
	return *sort == 'c' ? ((const struct row *)r)->v.count : ((const struct row *)r)->v.size;
}

static int by_name(const void *a, const void *b)
{
	return strncmp(((const struct row *)a)->k.name, ((const struct row *)b)->k.name, SLAB_NAME_LEN);
}

static int summary(struct tracer *t, bool last)
{
	struct row *rows;
	int n = HISTMAP_TAKE(bpf_map__fd(((struct slabratetop_bpf *)t->skel)->maps.counts), &rows, k, v);
	if (n < 0)
		return n;
	*sort == 'n' ? qsort(rows, n, sizeof(*rows), by_name) : histmap_sort_largest(rows, n, sizeof(*rows), value);
	toptool_head("CACHE                            ALLOCS      BYTES");
	for (int i = 0; i < n && (unsigned long)i < toptool.maxrows; i++) {
		rec_strn("cache", "%-32s ", rows[i].k.name, SLAB_NAME_LEN);
		rec_u64("allocs", "%6llu ", rows[i].v.count);
		rec_u64("bytes", "%10llu", rows[i].v.size);
		rec_end();
	}
	if (last && output_mode != OUTPUT_JSON)
		printf("Detaching...\n");
	return toptool_done(rows);
}

DECLARE_TOOL(slabratetop, .category = "memory", .summary = "Kernel SLAB/SLUB memory cache allocation rate top",
	     .shape = TOOL_INTERVAL, .interval_ms = 1000, .takes = TOOL_PID | TOOL_JSON | TOOL_INTERVAL_COUNT,
	     .help = { .pid = "trace this PID only", .json = "One JSON object per row (a bpfkit addition)" },
	     .bound = options, TOOL_PROBES(probes), .parse = parse, .header = tool_interval_status, .interval = summary,
	     .examples = "  slabratetop            # kmem_cache_alloc() top, 1 second refresh\n"
			 "  slabratetop -C         # don't clear the screen\n"
			 "  slabratetop -s count   # sort by allocations\n"
			 "  slabratetop 5          # 5 second summaries\n"
			 "  slabratetop 5 10       # 5 second summaries, 10 times only");
