/* biopattern: block device I/O pattern (random or sequential) per disk, as
 * BCC's biopattern. */
#include "core/disks.h"
#include "core/histmap.h"
#include "core/tool.h"
#include "probes/biopattern.skel.h"

#include <stdlib.h>

#include "probes/biopattern.h"

static const struct probe_spec probes[] = { PROBE_BTF_RAW("block_rq_complete", "rq_complete") };

static const char *disk;

static const struct tool_option options[] = {
	OPT_STRING('d', "disk", "DISK", &disk, "Trace this disk only"),
	{ { 0 } },
};

static int configure(struct tracer *t)
{
	return block_configure(t, disk);
}

static void header(void)
{
	fprintf(record_header_out(), "%-9s %-7s %5s %5s %8s %10s\n", "TIME", "DISK", "%RND", "%SEQ", "COUNT", "KBYTES");
	fflush(record_header_out());
}

struct row {
	__u32 dev;
	struct biopattern_counter c;
};

static int summary(struct tracer *t, bool last)
{
	struct biopattern_bpf *skel = t->skel;
	struct row *rows;
	int n = histmap_read(bpf_map__fd(skel->maps.counters), sizeof(rows->dev), sizeof(*rows),
			     offsetof(struct row, c), true, (void **)&rows);
	char hms[16];
	if (n < 0)
		return n;
	output_hms(hms);
	for (int i = 0; i < n; i++) {
		unsigned total = rows[i].c.random + rows[i].c.sequential;
		if (!total)
			continue;
		/* Python's round(): halves to even. */
		unsigned long r = rows[i].c.random * 100UL, rnd = r / total, rem = r % total;
		rnd += 2 * rem > total || (2 * rem == total && rnd % 2);
		rec_str("time", "%-9s ", hms);
		rec_str("disk", "%-7s ", disk_name(rows[i].dev, "Unknown"));
		rec_i64("random_pct", "%5lld ", rnd);
		rec_i64("sequential_pct", "%5lld ", 100 - rnd);
		rec_u64("count", "%8llu ", total);
		rec_u64("kbytes", "%10llu", rows[i].c.bytes / 1024);
		rec_end();
	}
	fflush(stdout);
	free(rows);
	return 0;
}

DECLARE_TOOL(biopattern, .category = "block", .summary = "Show block device I/O pattern", .shape = TOOL_INTERVAL,
	     .takes = TOOL_JSON | TOOL_INTERVAL_COUNT, .help = { .json = "One JSON object per disk and interval" },
	     .bound = options, TOOL_PROBES(probes), .configure = configure, .header = header, .interval = summary,
	     TOOL_METRICS({ "count", "ios_total", "Block I/Os completed, by disk" },
			  { "kbytes", "bytes_total", "Bytes of those I/Os, by disk", 1024 },
			  { "random_pct", "random_ratio", "Random I/Os of the interval's (0 to 1), by disk", 0.01, true },
			  { "sequential_pct", "sequential_ratio", "Sequential I/Os of the interval's (0 to 1), by disk", 0.01, true }),
	     .examples = "  biopattern              # show block device I/O pattern\n"
			 "  biopattern 1 10         # print 1 second summaries, 10 times\n"
			 "  biopattern -d sdb       # show sdb only");
