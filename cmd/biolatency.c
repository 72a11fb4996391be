/* biolatency: block device I/O latency as a histogram, as BCC's biolatency. */
#include "core/disks.h"
#include "core/histmap.h"
#include "core/tool.h"
#include "probes/biolatency.skel.h"

/* After core's -P and -L, as the BPF side numbers them. */
enum { KEY_DISK = TOOL_BY_TID + 1, KEY_FLAGS };

static struct {
	bool queued, issued, extension, by_disk, by_flags;
	const char *disk;
} o;

/* An I/O's time starts at its request's start with -Q, else at its issue:
 * only that one's program is loaded. */
static const struct probe_spec probes[] = {
	BLOCK_PROBE_START(.when = &o.queued),
	BLOCK_PROBE_ISSUE(.when = &o.issued),
	BLOCK_PROBE_COMPLETE(),
};

static const struct tool_option options[] = {
	OPT_FLAG('Q', "queued", &o.queued, "include OS queued time in I/O time", .rodata = "queued"),
	OPT_SET('D', "disks", &tool_args.key_by, KEY_DISK, "print a histogram per disk device", .given = &o.by_disk,
		.rodata = "key_by"),
	OPT_SET('F', "flags", &tool_args.key_by, KEY_FLAGS, "print a histogram per set of I/O flags",
		.given = &o.by_flags, .rodata = "key_by"),
	OPT_FLAG('e', "extension", &o.extension, "summarize average/total value", .rodata = "extension"),
	OPT_STRING('d', "disk", "DISK", &o.disk, "Trace this disk only"),
	{ { 0 } },
};

static int configure(struct tracer *t)
{
	if (o.by_disk && o.by_flags) {
		log_err("can only use -D or -F");
		return -EINVAL;
	}
	o.issued = !o.queued;
	return block_configure(t, o.disk);
}

static void header(void)
{
	record_status("Tracing block device I/O... Hit Ctrl-C to end.");
}

static void label(uint32_t key, const char comm[16], char *buf, size_t len)
{
	if (tool_args.key_by == KEY_FLAGS)
		block_flags_name(key, buf, len);
	else
		snprintf(buf, len, "%s", disk_name(key, "?"));
}

static int summary(struct tracer *t, bool last)
{
	struct biolatency_bpf *skel = t->skel;
	int err = tool_print_hists(t);
	uint64_t total = __atomic_exchange_n(&skel->bss->ext_total, 0, __ATOMIC_RELAXED);
	uint64_t count = __atomic_exchange_n(&skel->bss->ext_count, 0, __ATOMIC_RELAXED);
	if (o.extension)
		histmap_print_extension(stdout, total, count, tool_args.millis ? "msecs" : "usecs",
					output_mode == OUTPUT_JSON);
	return err;
}

DECLARE_TOOL(biolatency, .category = "block", .summary = "Summarize block device I/O latency as a histogram",
	     .shape = TOOL_INTERVAL, .takes = TOOL_JSON | TOOL_INTERVAL_COUNT | TOOL_TIMESTAMP | TOOL_MILLIS,
	     .help = { .json = "json output" }, .bound = options, TOOL_PROBES(probes), .configure = configure,
	     .header = header, .interval = summary,
	     .hist = { "hists", (const char *const[]){ NULL, NULL, NULL, "disk", "flags" }, label },
	     .examples = "  biolatency                    # summarize block I/O latency as a histogram\n"
			 "  biolatency 1 10               # print 1 second summaries, 10 times\n"
			 "  biolatency -mT 1              # 1s summaries, milliseconds, and timestamps\n"
			 "  biolatency -Q                 # include OS queued time in I/O time\n"
			 "  biolatency -D                 # show each disk device separately\n"
			 "  biolatency -F                 # show I/O flags separately\n"
			 "  biolatency -j                 # print a dictionary\n"
			 "  biolatency -e                 # show extension summary(total, average)\n"
			 "  biolatency -d sdc             # Trace sdc only");
