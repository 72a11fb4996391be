/* readahead: pages read ahead and left unused, and how long the used ones
 * waited for their first use, as BCC's readahead. */
#include "core/histmap.h"
#include "core/tool.h"
#include "probes/readahead.skel.h"

#include <bpf/bpf.h>

#define CHAIN(name, fn) { PM_FENTRY, name "_fentry", fn }, { PM_KPROBE, name "_kprobe", fn }
static const struct probe_spec probes[] = {
	{ "readahead window", { CHAIN("unbounded", "page_cache_ra_unbounded"),
				{ PM_TRACEPOINT, "unbounded_tp", "readahead:page_cache_ra_unbounded" } } },
	/* Large folios are read ahead here; kernels before 5.18 have no such call. */
	{ "large folio readahead window",
	  { CHAIN("order", "page_cache_ra_order"), { PM_TRACEPOINT, "order_tp", "readahead:page_cache_ra_order" } },
	  .optional = true },
	{ "page cache add", { { PM_TRACEPOINT, "add_tp", "filemap:mm_filemap_add_to_page_cache" } } },
	{ "page use", { CHAIN("access", "folio_mark_accessed"), { PM_KPROBE, "page_access_kprobe", "mark_page_accessed" },
			{ PM_TRACEPOINT, "read_tp", "filemap:mm_filemap_get_pages" } } },
	/* A mapped page is used without an access call: faults tell. */
	{ "page fault", { { PM_TRACEPOINT, "fault_tp", "filemap:mm_filemap_fault" } }, .optional = true },
	{ "page map", { { PM_TRACEPOINT, "map_tp", "filemap:mm_filemap_map_pages" } }, .optional = true },
};

static int summary(struct tracer *t, bool last)
{
	struct readahead_bpf *skel = t->skel;
	long long unused = __atomic_exchange_n(&skel->bss->unused, 0, __ATOMIC_RELAXED);
	struct histmap_print p = { .val_type = "age (ms)", .json = output_mode == OUTPUT_JSON };
	if (p.json) {
		rec_i64("unused_pages", NULL, unused);
		rec_end();
	} else {
		printf("\nRead-ahead unused pages: %lld\nHistogram of read-ahead used page age (ms):\n\n", unused);
	}
	return histmap_print_and_clear(bpf_map__fd(skel->maps.dist), &p, stdout);
}

DECLARE_TOOL(readahead, .category = "files", .summary = "Monitor performance of read ahead cache",
	     .shape = TOOL_INTERVAL, .takes = TOOL_PID | TOOL_DURATION | TOOL_JSON,
	     .help = { .pid = "Only pages this process reads ahead (a bpfkit addition)",
		       .json = "The unused count, then the histogram, as JSON lines",
		       .duration = "total duration to monitor for, in seconds" },
	     TOOL_PROBES(probes), .status = "Tracing... Hit Ctrl-C to end.", .interval = summary,
	     .examples = "  readahead -d 20       # monitor for 20 seconds and generate stats\n"
			 "  readahead -p 185      # only pages process 185 reads ahead");
