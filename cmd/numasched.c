/* numasched: threads moving between NUMA nodes, as BCC's numasched. */
#include "core/tool.h"
#include "probes/numasched.skel.h"

#include <string.h>

#include "probes/numasched.h"

static const struct probe_spec probes[] = { PROBE_BTF_RAW_TP("sched", "sched_switch", "switch") };

static const char *comm;

static const struct tool_option options[] = {
	OPT_STRING('c', "comm", "COMM", &comm, "trace this COMM only"),
	{ { 0 } },
};

/* BCC's widths; "->" sits between the two node columns. */
static const struct record_column columns[] = {
	COL_TIME("TIME", "%-8s "),
	COL(struct numa_event, pid, "PID", "%-8u "),
	COL(struct numa_event, tid, "TID", "%-8u "),
	COL(struct numa_event, old_nid, "SRC_NID", "%-8u "),
	COL(struct numa_event, new_nid, "DST_NID", "-> %-8u ", .hfmt = "   %-8s "),
	COL(struct numa_event, comm, "COMM", "%-8s"),
	{ 0 },
};

/* -c is the whole name, as BCC compares it (after the fact, like BCC:
 * a thread can rename itself between two switches). */
static int on_event(const void *data, size_t size)
{
	const struct numa_event *e = data;
	if (comm && strncmp(e->comm, comm, sizeof(e->comm)))
		return 0;
	record_row(columns, e, size);
	return 0;
}

DECLARE_TOOL(numasched, .category = "memory", .summary = "Trace task NUMA switch", .shape = TOOL_EVENTS,
	     .takes = TOOL_PID | TOOL_TID | TOOL_EVENT_OPTIONS,
	     .help = { .pid = "trace this PID only", .tid = "trace this TID only" }, .bound = options,
	     TOOL_PROBES(probes), .status = "Tracing task NUMA switch...", .columns = columns, .event = on_event,
	     .event_size = sizeof(struct numa_event),
	     .examples = "  numasched             # trace all processes\n"
			 "  numasched -p 185      # trace PID 185 only\n"
			 "  numasched -c yes      # trace threads named yes only");
