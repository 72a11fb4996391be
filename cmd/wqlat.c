/* wqlat: workqueue queuing latency as a histogram, as BCC's wqlat. */
#include "core/tool.h"
#include "probes/wqlat.h"
#include "probes/wqlat.skel.h"

#include <bpf/bpf.h>
#include <string.h>

static const struct probe_spec probes[] = {
	PROBE_BTF_RAW("workqueue_queue_work", "queue"),
	PROBE_BTF_RAW("workqueue_execute_start", "execute"),
};

static bool nanosecs;
static const char *wqname;
static int names_fd = -1;

static const struct tool_option options[] = {
	OPT_FLAG('N', "nanoseconds", &nanosecs, "output in nanoseconds", .rodata = "nanosecs"),
	OPT_SET('W', "workqueues", &tool_args.key_by, TOOL_BY_PID, "print a histogram per work queue",
		.rodata = "per_wq"),
	OPT_STRING('w', "wqname", "WQNAME", &wqname, "print this workqueue only"),
	{ { 0 } },
};

static int configure(struct tracer *t)
{
	struct wqlat_bpf *skel = t->skel;
	if (args_exclusive(nanosecs, 'N', tool_args.millis, 'm') ||
	    args_refuse(wqname && strlen(wqname) >= WQLAT_NAME_LEN, "workqueue name len must be less than %d",
			WQLAT_NAME_LEN))
		return -EINVAL;
	if (wqname) {
		strcpy((char *)skel->rodata->targ_wq.name, wqname);
		skel->rodata->filter_wq = true;
	}
	return 0;
}

static int started(struct tracer *t)
{
	names_fd = bpf_map__fd(((struct wqlat_bpf *)t->skel)->maps.wq_names);
	return 0;
}

static void label(uint32_t key, const char comm[16], char *buf, size_t len)
{
	struct wq_name n = { "?" };
	bpf_map_lookup_elem(names_fd, &key, &n);
	snprintf(buf, len, "%.*s", WQLAT_NAME_LEN, n.name);
}

DECLARE_TOOL(wqlat, .category = "kernel", .summary = "Summarize workqueue request latency as histograms",
	     .shape = TOOL_INTERVAL, .takes = TOOL_JSON | TOOL_INTERVAL_COUNT | TOOL_TIMESTAMP | TOOL_MILLIS,
	     .bound = options, TOOL_PROBES(probes), .configure = configure, .started = started,
	     .status = "Tracing work queue request latency time... Hit Ctrl-C to end.",
	     .hist = { "hists", (const char *const[]){ NULL, "wqname" }, label, .nanos = &nanosecs },
	     .examples = "  wqlat                   # summarize workqueue latency as a histogram\n"
			 "  wqlat 1 10              # print 1 second summaries, 10 times\n"
			 "  wqlat -W 1 10           # print 1 second, 10 times per workqueue\n"
			 "  wqlat -NT 1             # 1s summaries, nanoseconds, and timestamps\n"
			 "  wqlat -w nvmet_tcp_wq 1 # 1s summaries for workqueue nvmet_tcp_wq");
