/* bitesize: block device I/O size as a histogram per process name, as BCC's. */
#include "core/disks.h"
#include "core/tool.h"
#include "probes/bitesize.skel.h"

#include <string.h>

static const struct probe_spec probes[] = { PROBE_BTF_RAW("block_rq_issue", "rq_issue") };

static struct {
	const char *comm, *disk;
} o;

static const struct tool_option options[] = {
	OPT_STRING('c', "comm", "COMM", &o.comm, "Trace this comm only"),
	OPT_STRING('d', "disk", "DISK", &o.disk, "Trace this disk only"),
	{ { 0 } },
};

static int configure(struct tracer *t)
{
	struct bitesize_bpf *skel = t->skel;
	/* The kernel keeps 15 characters of a name, as -c compares them. */
	if (o.comm)
		strncpy((char *)skel->rodata->targ_comm, o.comm, sizeof(skel->rodata->targ_comm) - 1);
	return block_configure(t, o.disk);
}

static void header(void)
{
	record_status("Tracing block I/O... Hit Ctrl-C to end.");
}

static void label(uint32_t key, const char comm[16], char *buf, size_t len)
{
	snprintf(buf, len, "%.16s", comm);
}

DECLARE_TOOL(bitesize, .category = "block", .summary = "Summarize block device I/O size as a histogram",
	     .shape = TOOL_INTERVAL, .takes = TOOL_JSON | TOOL_INTERVAL_COUNT | TOOL_TIMESTAMP, .bound = options,
	     TOOL_PROBES(probes), .configure = configure, .header = header,
	     .hist = { "hists", (const char *const[]){ "Process Name" }, label, .val_type = "Kbytes" },
	     .examples = "  bitesize              # summarize block I/O size as a histogram\n"
			 "  bitesize 1 10         # print 1 second summaries, 10 times\n"
			 "  bitesize -T 1         # 1s summaries with timestamps\n"
			 "  bitesize -c fio       # trace fio only\n"
			 "  bitesize -d sdc       # trace sdc only");
