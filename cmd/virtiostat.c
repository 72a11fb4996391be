/* virtiostat: virtio devices' scatterlists and bytes per virtqueue, every
 * interval, as BCC's virtiostat. */
#include "core/histmap.h"
#include "core/tool.h"
#include "probes/virtiostat.skel.h"

#include <stdlib.h>
#include <string.h>

#include "probes/virtiostat.h"

static const struct probe_spec probes[] = {
	PROBE_FENTRY("virtqueue_add_sgs", "virtqueue_add_sgs", "add_sgs"),
	PROBE_FENTRY("virtqueue_add_outbuf", "virtqueue_add_outbuf", "add_outbuf"),
	PROBE_FENTRY("virtqueue_add_inbuf", "virtqueue_add_inbuf", "add_inbuf"),
	PROBE_FENTRY("virtqueue_add_inbuf_ctx", "virtqueue_add_inbuf_ctx", "add_inbuf_ctx"),
};

static const char *driver, *devname;
static bool debug;

static const struct tool_option options[] = {
	OPT_STRING('d', "driver", "DRIVER", &driver, "filter for driver name"),
	OPT_STRING('n', "devname", "DEVNAME", &devname, "filter for device name"),
	OPT_FLAG('D', "debug", &debug, "print BPF program before starting (for debugging purposes)"),
	{ { 0 } },
};

/* The BPF side compares names of at most VIRTIOSTAT_NAME_LEN - 1 bytes. */
static int set_name(const char *opt, const char *name, volatile char *dst)
{
	if (name && strlen(name) >= VIRTIOSTAT_NAME_LEN) {
		log_err("%s '%s': names longer than %d characters cannot match", opt, name, VIRTIOSTAT_NAME_LEN - 1);
		return -EINVAL;
	}
	for (size_t i = 0; name && name[i]; i++)
		dst[i] = name[i];
	return 0;
}

static int configure(struct tracer *t)
{
	struct virtiostat_bpf *skel = t->skel;
	int err = set_name("-d", driver, skel->rodata->targ_driver);
	return err ? err : set_name("-n", devname, skel->rodata->targ_devname);
}

static int started(struct tracer *t)
{
	if (debug)
		tracer_dump_programs(t, stdout);
	return 0;
}

struct row {
	__u64 vq;
	struct virtiostat_val v;
};

static int by_dev(const void *a, const void *b)
{
	const struct row *x = a, *y = b;
	int c = strcmp(x->v.dev, y->v.dev);
	return c ? c : strcmp(x->v.vqname, y->v.vqname);
}

static int summary(struct tracer *t, bool last)
{
	struct virtiostat_bpf *skel = t->skel;
	struct row *rows;
	int n = histmap_read(bpf_map__fd(skel->maps.stats), sizeof(rows->vq), sizeof(*rows), offsetof(struct row, v),
			     true, (void **)&rows);
	char hms[16];
	if (n < 0)
		return n;
	output_hms(hms);
	/* BCC's head of every interval; -j's objects carry the time. */
	if (output_mode != OUTPUT_JSON)
		fprintf(record_header_out(), "%s\n%14s %8s %10s %7s %7s %14s %14s\n", tool_args.timestamp ? hms : "--------", "Driver",
		       "Device", "VQ Name", "In SGs", "Out SGs", "In BW", "Out BW");
	qsort(rows, n, sizeof(*rows), by_dev);
	for (int i = 0; i < n; i++) {
		rec_str("time", NULL, hms);
		rec_str("driver", "%14s ", rows[i].v.driver);
		rec_str("device", "%8s ", rows[i].v.dev);
		rec_str("vq_name", "%10s ", rows[i].v.vqname);
		rec_u64("in_sgs", "%7llu ", rows[i].v.in_sgs);
		rec_u64("out_sgs", "%7llu ", rows[i].v.out_sgs);
		rec_u64("in_bw", "%14llu ", rows[i].v.in_bw);
		rec_u64("out_bw", "%14llu", rows[i].v.out_bw);
		rec_end();
	}
	fflush(stdout);
	free(rows);
	return 0;
}

DECLARE_TOOL(virtiostat, .category = "block", .summary = "Show virtio devices input/output statistics",
	     .shape = TOOL_INTERVAL, .interval_ms = 3000, .takes = TOOL_JSON | TOOL_INTERVAL_COUNT | TOOL_TIMESTAMP,
	     .help = { .json = "One JSON object per virtqueue and interval" }, .bound = options,
	     TOOL_PROBES(probes), .configure = configure, .started = started, .status = "Tracing virtio devices statistics ... Hit Ctrl-C to end.", .interval = summary,
	     TOOL_METRICS({ "in_sgs", "in_sgs_total", "Scatter-gather entries the device wrote (in), by virtqueue" },
			  { "out_sgs", "out_sgs_total", "Scatter-gather entries the device read (out), by virtqueue" },
			  { "in_bw", "in_bytes_total", "Bytes of the in entries, by virtqueue" },
			  { "out_bw", "out_bytes_total", "Bytes of the out entries, by virtqueue" }),
	     .examples = "  virtiostat                 # print 3(default) second summaries\n"
			 "  virtiostat 1 10            # print 1 second summaries, 10 times\n"
			 "  virtiostat -T              # show timestamps\n"
			 "  virtiostat -d virtio_blk   # only show virtio block devices\n"
			 "  virtiostat -n virtio0      # only show virtio0 device\n"
			 "  virtiostat -j              # one JSON object per virtqueue");
