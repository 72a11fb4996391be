/* drsnoop: reclaim that allocating tasks do themselves, as BCC's drsnoop. */
#include "core/kallsyms.h"
#include "core/tool.h"
#include "probes/drsnoop.skel.h"

#include <unistd.h>

#include "probes/drsnoop.h"

static const struct probe_spec probes[] = {
	PROBE_BTF_RAW_TP("vmscan", "mm_vmscan_direct_reclaim_begin", "direct_begin"),
	PROBE_BTF_RAW_TP("vmscan", "mm_vmscan_direct_reclaim_end", "direct_end"),
	PROBE_BTF_RAW_TP("vmscan", "mm_vmscan_memcg_reclaim_begin", "memcg_begin"),
	PROBE_BTF_RAW_TP("vmscan", "mm_vmscan_memcg_reclaim_end", "memcg_end"),
};

static bool timestamp, print_uid, has_uid, extended;
static unsigned uid;
static const char *name;

static const struct tool_option options[] = {
	OPT_FLAG('T', "timestamp", &timestamp, "include timestamp on output"),
	OPT_FLAG('U', "print-uid", &print_uid, "print UID column"),
	OPT_UID('u', "uid", "UID", &uid, &has_uid, "trace this UID only", .rodata = "targ_uid"),
	OPT_STRING('n', "name", "NAME", &name, "only print process names containing this name"),
	OPT_FLAG('e', "extended", &extended, "show system memory state (FREE(KB): free memory at the start)"),
	{ { 0 } },
};

static int configure(struct tracer *t)
{
	struct drsnoop_bpf *s = t->skel;
	unsigned long long addr = 0;
	int err = extended ? kallsyms_data_addr((const char *const[]){ "vm_zone_stat", "vm_stat", NULL }, "drsnoop -e", &addr) : 0;
	s->rodata->vm_zone_stat_addr = addr;
	s->rodata->page_shift = __builtin_ctz(getpagesize());
	return err;
}

static const struct record_column columns[] = {
	COL(struct dr_event, ts, "TIME(s)", "%-14.9f", .when = &timestamp, .scale = 1e9, .since_first = true),
	COL(struct dr_event, uid, "UID", "%-6u", .when = &print_uid),
	COL(struct dr_event, comm, "COMM", "%-14.14s ", .contains = &name),
	COL(struct dr_event, pid, "PID", "%-6u ", .unless = &tool_args.has_tid),
	COL(struct dr_event, tid, "TID", "%-6u ", .when = &tool_args.has_tid),
	COL(struct dr_event, delta_ns, "LAT(ms)", "%8.2f ", .scale = 1e6),
	COL(struct dr_event, nr_reclaimed, "PAGES", "%5u"),
	COL(struct dr_event, free_kb, "FREE(KB)", "%10u", .when = &extended),
	{ 0 },
};

DECLARE_TOOL(drsnoop, .category = "memory", .summary = "Trace direct reclaim", .shape = TOOL_EVENTS,
	     .takes = TOOL_PID | TOOL_TID | TOOL_EVENT_OPTIONS,
	     .help = { .pid = "trace this PID only", .tid = "trace this TID only",
		       .duration = "total duration of trace in seconds" },
	     .bound = options, TOOL_PROBES(probes), .configure = configure, TOOL_COLUMNS(columns, struct dr_event),
	     .examples = "  drsnoop           # trace all direct reclaim\n"
			 "  drsnoop -T        # include timestamps\n"
			 "  drsnoop -U        # include UID\n"
			 "  drsnoop -p 181    # only trace PID 181\n"
			 "  drsnoop -t 123    # only trace TID 123\n"
			 "  drsnoop -u 1000   # only trace UID 1000\n"
			 "  drsnoop -d 10     # trace for 10 seconds only\n"
			 "  drsnoop -n main   # only print process names containing \"main\"\n"
			 "  drsnoop -e        # show the system's free memory at each reclaim's start");
