/* biotop: block device (disk) I/O by process, top-like, as BCC's biotop. */
#include "core/disks.h"
#include "core/histmap.h"
#include "core/tool.h"
#include "probes/biotop.skel.h"

#include <stdint.h>
#include <stdlib.h>

#include "probes/biotop.h"

static const struct probe_spec probes[] = {
	BLOCK_PROBES_WHO,
	BLOCK_PROBE_COMPLETE(),
};

static struct {
	bool noclear;
	unsigned long maxrows;
} o = { .maxrows = 20 };

static const struct tool_option options[] = {
	OPT_FLAG('C', "noclear", &o.noclear, "don't clear the screen"),
	OPT_ULONG('r', "maxrows", "MAXROWS", &o.maxrows, 1, 1000000, "maximum rows to print, default 20"),
	{ { 0 } },
};

static int configure(struct tracer *t)
{
	return block_configure(t, NULL);
}

struct row {
	struct biotop_key k;
	struct biotop_val v;
};

static uint64_t bytes(const void *r)
{
	return ((const struct row *)r)->v.bytes;
}

static void row(const struct row *r, const char *hms)
{
	char kb[32], comm[17];
	/* BCC prints Python's bytes / 1024, a float: "296.0". */
	snprintf(kb, sizeof(kb), r->v.bytes % 512 ? "%.10g" : "%.1f", r->v.bytes / 1024.0);
	snprintf(comm, sizeof(comm), "%.16s", r->k.name);
	rec_str("time", NULL, hms);
	rec_u64("pid", "%-7llu ", r->k.pid);
	rec_str("comm", "%-16s ", comm);
	rec_str("d", "%1s ", r->k.write ? "W" : "R");
	rec_u64("maj", "%-3llu ", r->k.major);
	rec_u64("min", "%-3llu ", r->k.minor);
	rec_str("disk", "%-8s ", disk_name(DISK_MKDEV(r->k.major, r->k.minor), "?"));
	rec_u64("io", "%5llu ", r->v.io);
	if (output_mode == OUTPUT_JSON)
		rec_f64("kbytes", NULL, r->v.bytes / 1024.0);
	else
		rec_str("kbytes", "%7s ", kb);
	rec_f64("avg_ms", "%6.2f", r->v.us / 1000.0 / r->v.io);
	rec_end();
}

static int summary(struct tracer *t, bool last)
{
	struct row *rows;
	int n = HISTMAP_TAKE(bpf_map__fd(((struct biotop_bpf *)t->skel)->maps.counts), &rows, k, v);
	if (n < 0)
		return n;
	histmap_sort_largest(rows, n, sizeof(*rows), bytes);
	FILE *out = record_header_out();
	char hms[16], load[128];
	fprintf(out, o.noclear || output_mode == OUTPUT_JSON ? "\n" : "\033[H\033[2J");
	fprintf(out, "%-8s loadavg: %s\n", output_hms(hms), output_loadavg(load));
	fprintf(out, "%-7s %-16s %1s %-3s %-3s %-8s %5s %7s %6s\n", "PID", "COMM", "D", "MAJ", "MIN", "DISK", "I/O",
		"Kbytes", "AVGms");
	for (int i = 0; i < n && (unsigned long)i < o.maxrows; i++)
		row(&rows[i], hms);
	if (last)
		fprintf(out, "Detaching...\n");
	fflush(stdout);
	fflush(out);
	free(rows);
	return 0;
}

DECLARE_TOOL(biotop, .category = "block", .summary = "Block device (disk) I/O by process", .shape = TOOL_INTERVAL,
	     .takes = TOOL_PID | TOOL_JSON | TOOL_INTERVAL_COUNT, .help = { .pid = "trace this PID only", .json = "One JSON object per row (keys: the column names)" },
	     .bound = options, TOOL_PROBES(probes), .configure = configure, .header = tool_interval_status, .interval = summary,
	     .interval_ms = 1000,
	     .examples = "  biotop            # block device I/O top, 1 second refresh\n"
			 "  biotop -C         # don't clear the screen\n"
			 "  biotop -p 181     # only trace PID 181\n"
			 "  biotop 5          # 5 second summaries\n"
			 "  biotop 5 10       # 5 second summaries, 10 times only");
