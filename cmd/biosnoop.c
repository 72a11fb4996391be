/* biosnoop: trace block device I/O with the PID that queued it, as BCC's. */
#include "core/disks.h"
#include "core/tool.h"
#include "probes/biosnoop.skel.h"

#include "probes/biosnoop.h"

static const struct probe_spec probes[] = {
	BLOCK_PROBES_WHO,
	BLOCK_PROBE_DONE(),
};

static struct {
	bool queued, pattern;
	const char *disk;
} o;

static const struct tool_option options[] = {
	OPT_FLAG('Q', "queue", &o.queued, "include OS queued time", .rodata = "queued"),
	OPT_STRING('d', "disk", "DISK", &o.disk, "trace this disk only"),
	OPT_FLAG('P', "pattern", &o.pattern, "display block I/O pattern (sequential or random)", .rodata = "pattern"),
	{ { 0 } },
};

static int configure(struct tracer *t)
{
	return block_configure(t, o.disk);
}

static void disk_col(const struct record_column *c, const void *rec, size_t size)
{
	rec_col_str(c, disk_name(((const struct bio_event *)rec)->dev, "<unknown>"));
}

static void dir_col(const struct record_column *c, const void *rec, size_t size)
{
	rec_col_str(c, ((const struct bio_event *)rec)->write ? "W" : "R");
}

static void pattern_col(const struct record_column *c, const void *rec, size_t size)
{
	__u32 p = ((const struct bio_event *)rec)->pattern;
	rec_col_str(c, p == BIO_SEQUENTIAL ? "S" : p == BIO_RANDOM ? "R" : "?");
}

static const struct record_column columns[] = {
	COL(struct bio_event, ts, "TIME(s)", "%-11.6f ", .scale = 1e9, .since_first = true),
	COL(struct bio_event, comm, "COMM", "%-14.14s "),
	COL(struct bio_event, pid, "PID", "%-7u "),
	COL_CALL("DISK", "%-9s ", disk_col),
	COL_CALL("T", "%-1s ", dir_col),
	COL(struct bio_event, sector, "SECTOR", "%-10u "),
	COL(struct bio_event, len, "BYTES", "%-7u"),
	COL_CALL("P", "%-1s ", pattern_col, .when = &o.pattern),
	COL(struct bio_event, qdelta, "QUE(ms)", "%7.2f ", .scale = 1e6, .when = &o.queued),
	COL(struct bio_event, delta, "LAT(ms)", "%7.2f", .scale = 1e6),
	{ 0 },
};

DECLARE_TOOL(biosnoop, .category = "block", .summary = "Trace block I/O", .shape = TOOL_EVENTS,
	     .takes = TOOL_JSON | TOOL_BUFFER, .bound = options, TOOL_PROBES(probes), .configure = configure,
	     .columns = columns, .event_size = sizeof(struct bio_event),
	     .examples = "  biosnoop           # trace all block I/O\n"
			 "  biosnoop -Q        # include OS queued time\n"
			 "  biosnoop -d sdc    # trace sdc only\n"
			 "  biosnoop -P        # display block I/O pattern");
