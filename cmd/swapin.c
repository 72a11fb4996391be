/* swapin: swap-ins counted per process per interval, as BCC's swapin. */
#include "core/histmap.h"
#include "core/tool.h"
#include "probes/swapin.skel.h"

#include <bpf/libbpf.h>
#include <stdlib.h>

#include "probes/swapin.h"

static const struct probe_spec probes[] = {
	{ "swap_read_folio or swap_readpage",
	  { { PM_FENTRY, "folio_fentry", "swap_read_folio" },
	    { PM_FENTRY, "page_fentry", "swap_readpage" },
	    { PM_KPROBE, "folio_kprobe", "swap_read_folio" },
	    { PM_KPROBE, "page_kprobe", "swap_readpage" } } },
};

static bool notime;

static const struct tool_option options[] = {
	OPT_FLAG('T', "notime", &notime, "do not show the timestamp (HH:MM:SS)"),
	{ { 0 } },
};

struct row {
	struct swapin_key k;
	__u64 count;
};

static uint64_t count(const void *r)
{
	return ((const struct row *)r)->count;
}

/* BCC's order: fewest first, the busiest last. */
static int summary(struct tracer *t, bool last)
{
	struct row *rows;
	char hms[16];
	int n = HISTMAP_TAKE(bpf_map__fd(((struct swapin_bpf *)t->skel)->maps.counts), &rows, k, count);
	if (n < 0)
		return n;
	histmap_sort_largest(rows, n, sizeof(*rows), count);
	output_hms(hms);
	if (output_mode != OUTPUT_JSON)
		fprintf(record_header_out(), "%s%s%-16s %-7s %s\n", notime ? "" : hms, notime ? "" : "\n", "COMM", "PID",
			"COUNT");
	for (int i = n - 1; i >= 0; i--) {
		if (!notime)
			rec_str("time", NULL, hms);
		rec_strn("comm", "%-16s ", rows[i].k.comm, sizeof(rows[i].k.comm));
		rec_u64("pid", "%-7llu ", rows[i].k.pid);
		rec_u64("count", "%llu", rows[i].count);
		rec_end();
	}
	if (output_mode != OUTPUT_JSON)
		printf(last ? "\nDetaching...\n" : "\n");
	fflush(stdout);
	free(rows);
	return 0;
}

DECLARE_TOOL(swapin, .category = "memory", .summary = "Count swapin events by process", .shape = TOOL_INTERVAL,
	     .interval_ms = 1000, .takes = TOOL_JSON | TOOL_INTERVAL_COUNT,
	     .help.json = "One JSON object per process and interval (a bpfkit addition)", .bound = options,
	     TOOL_PROBES(probes), .status = "Counting swap ins. Ctrl-C to end.", .interval = summary,
	     TOOL_METRICS({ "count", "swapins_total", "Pages swapped in, by process (comm, pid)" }),
	     .examples = "  swapin        # swap-ins per process, every second\n"
			 "  swapin 5 3    # three 5 second summaries\n"
			 "  swapin -T     # without the time of day");
