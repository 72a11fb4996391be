/* compactsnoop: memory compaction of zones, as BCC's compactsnoop. */
#include "core/btfenum.h"
#include "core/btfproto.h"
#include "core/output.h"
#include "core/stacks/stackfmt.h"
#include "core/stacks/symbols.h"
#include "core/tool.h"
#include "probes/compactsnoop.skel.h"

#include <errno.h>
#include <stdio.h>

#include "probes/compactsnoop.h"

/* The tracepoints where they name the compact_control (5.16 and later),
 * else the function they sit in. */
static bool tp_cc, fn_cc;
static const struct probe_spec probes[] = {
	PROBE_BTF_RAW("mm_compaction_begin", "begin", .when = &tp_cc),
	PROBE_BTF_RAW("mm_compaction_end", "end", .when = &tp_cc),
	PROBE_FENTRY("compact_zone", "compact_zone", "zone_enter", .when = &fn_cc),
	PROBE_FEXIT("compact_zone return", "compact_zone", "zone_exit", .when = &fn_cc),
};

static bool timestamp, kernel_stack, extended;
static struct symbols *syms;

static const struct tool_option options[] = {
	OPT_FLAG('T', "timestamp", &timestamp, "include timestamp on output"),
	OPT_FLAG('K', "kernel-stack", &kernel_stack, "output kernel stack trace", .rodata = "kernel_stack"),
	OPT_FLAG('e', "extended_fields", &extended, "show system memory state", .rodata = "extended"),
	{ { 0 } },
};

/* Until 5.15 the tracepoints name no compact_control, so no zone or
 * order: compact_zone()'s own argument, by fentry or kprobe. */
static int configure(struct tracer *t)
{
	(void)t;
	tp_cc = btf_tracepoint_takes("mm_compaction_begin", "compact_control");
	fn_cc = !tp_cc;
	if (kernel_stack && !(syms = symbols_open(&(struct symbols_opts){ .offsets = true })))
		return log_err("cannot open the kernel's symbols for -K"), -ENOMEM;
	return 0;
}

/* x86_64's zones as BCC names them; others by number. */
static const char *zone_name(int idx)
{
	return idx >= 0 && idx < 3 ? (const char *const[]){ "ZONE_DMA", "ZONE_DMA32", "ZONE_NORMAL" }[idx] : NULL;
}

static const char *mode_name(int sync)
{
	return sync ? "SYNC" : "ASYNC";
}

/* enum compact_result as this kernel numbers it, in BCC's lower case. */
static void status(const struct record_column *c, const void *rec, size_t size)
{
	const struct compact_event *e = rec;
	const char *name = kernel_enum_name("compact_result", e->status, "COMPACT_");
	char buf[32];
	int i = 0;
	for (; name && name[i] && i < (int)sizeof(buf) - 1; i++)
		buf[i] = name[i] >= 'A' && name[i] <= 'Z' ? name[i] - 'A' + 'a' : name[i];
	buf[i] = 0;
	if (!name)
		snprintf(buf, sizeof(buf), "%d", e->status);
	rec_col_str(c, buf);
}

/* -K: the frames under the row, a tab in, with offsets, then an empty
 * line (BCC's); the BPF plumbing that took the stack left out. */
static void kstack(const struct record_column *c, const void *rec, size_t size)
{
	const struct compact_event *e = rec;
	const uint64_t *ips = (const uint64_t *)e->kstack;
	int n = size < sizeof(*e) ? 0 : e->nkstack;
	int first = stackfmt_first_kernel_frame(syms, ips, n);
	if (output_mode == OUTPUT_JSON) {
		stackfmt_event_stack(syms, "Kernel", ips + first, n - first, true, e->pid);
		return;
	}
	for (int i = first; i < n; i++) {
		const char *name = "[unknown]";
		symbols_kernel(syms, ips[i], &name, 1);
		printf("\t%s\n", name);
	}
	printf("\n");
}

static int end(struct tracer *t)
{
	symbols_close(syms);
	return 0;
}

static const struct record_column columns[] = {
	COL(struct compact_event, ts, "TIME(s)", "%-14.9f ", .when = &timestamp, .scale = 1e9, .since_first = true),
	COL(struct compact_event, comm, "COMM", "%-14.14s "),
	COL(struct compact_event, pid, "PID", "%-6u "),
	COL(struct compact_event, nid, "NODE", "%-4d "),
	COL(struct compact_event, zone_idx, "ZONE", "%-12s ", .name_of = zone_name),
	COL(struct compact_event, order, "ORDER", "%-5d "),
	COL(struct compact_event, sync, "MODE", "%-7s ", .name_of = mode_name),
	COL(struct compact_event, fragindex, "FRAGIDX", "%-8.3f ", .scale = 1000, .when = &extended),
	COL(struct compact_event, wmark_min, "MIN", "%-8d ", .when = &extended),
	COL(struct compact_event, wmark_low, "LOW", "%-8d ", .when = &extended),
	COL(struct compact_event, wmark_high, "HIGH", "%-8d ", .when = &extended),
	COL(struct compact_event, free_pages, "FREE", "%-8d ", .when = &extended),
	COL(struct compact_event, delta_ns, "LAT(ms)", "%9.3f ", .scale = 1e6),
	COL_CALL("STATUS", "%16s", status),
	COL_CALL("KSTACK", "", kstack, .below = true, .when = &kernel_stack),
	{ 0 },
};

DECLARE_TOOL(compactsnoop, .category = "memory", .summary = "Trace compact zone", .shape = TOOL_EVENTS,
	     .takes = TOOL_PID | TOOL_EVENT_OPTIONS,
	     .help = { .pid = "trace this PID only", .duration = "total duration of trace in seconds" },
	     .bound = options, TOOL_PROBES(probes), .configure = configure, .end = end, .columns = columns,
	     .event_size = offsetof(struct compact_event, nkstack),
	     .examples = "  compactsnoop          # trace all compact stall\n"
			 "  compactsnoop -T       # include timestamps\n"
			 "  compactsnoop -K       # output kernel stack trace\n"
			 "  compactsnoop -d 10    # trace for 10 seconds only\n"
			 "  compactsnoop -e       # show extended fields");
