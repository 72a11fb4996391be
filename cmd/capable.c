/* capable: security capability checks, as BCC's capable. */
#include "core/constants.h"
#include "core/stacks/stackfmt.h"
#include "core/stacks/symbols.h"
#include "core/tool.h"
#include "probes/capable.skel.h"

#include <string.h>

#include "probes/capable.h"

static const struct probe_spec probes[] = { PROBE_FENTRY_TP("cap_capable", "cap_capable", "cap", "capability:cap_capable") };

enum { OPT_UNIQUE = 0x100 };
static bool verbose, kernel_stack, user_stack, extra, unique;
static struct symbols *syms;

static const struct tool_option options[] = {
	OPT_FLAG('v', "verbose", &verbose, "Include non-audit checks", .rodata = "verbose"),
	OPT_FLAG('K', "kernel-stack", &kernel_stack, "Output kernel stack trace", .rodata = "kernel_stack"),
	OPT_FLAG('U', "user-stack", &user_stack, "Output user stack trace", .rodata = "user_stack"),
	OPT_FLAG('x', "extra", &extra, "Show extra fields in TID and INSETID columns"),
	OPT_FLAG(OPT_UNIQUE, "unique", &unique, "Don't repeat stacks for the same pid and capability",
		 .rodata = "unique"),
	{ { 0 } },
};

static int configure(struct tracer *t)
{
	syms = symbols_open(&(struct symbols_opts){ .offsets = true });
	int err = tracer_select(t);
	if (!err && !verbose && !tracer_print_ebpf && !strcmp(tracer_mech(t, 0), "tracepoint"))
		log_warn("the capability:cap_capable tracepoint does not say whether a check is audited: "
			 "showing every check, as with -v (AUDIT is N/A)");
	return err;
}

/* Records without stacks end before them (.event_size). */
static void kstack(const struct record_column *c, const void *rec, size_t size)
{
	const struct cap_event *e = rec;
	stackfmt_event_stack(syms, "Kernel", (const uint64_t *)e->kstack, size < sizeof(*e) ? 0 : e->nkstack, true, e->pid);
}

static void ustack(const struct record_column *c, const void *rec, size_t size)
{
	const struct cap_event *e = rec;
	stackfmt_event_stack(syms, "User", (const uint64_t *)e->ustack, size < sizeof(*e) ? 0 : e->nustack, false, e->pid);
}

/* AUDIT and INSETID -1: the tracepoint path, which does not know (BCC
 * prints N/A for an INSETID it cannot know). */
static const struct record_column columns[] = {
	COL_TIME("TIME", "%-9s "),
	COL(struct cap_event, uid, "UID", "%-6u "),
	COL(struct cap_event, pid, "PID", "%-6u "),
	COL(struct cap_event, tid, "TID", "%-6u ", .when = &extra),
	COL(struct cap_event, comm, "COMM", "%-16s "),
	COL(struct cap_event, cap, "CAP", "%-4d "),
	COL(struct cap_event, cap, "NAME", "%-20s ", .name_of = constant_capability),
	COL(struct cap_event, audit, "AUDIT", "%-6d", .none = "N/A"),
	COL(struct cap_event, insetid, "INSETID", " %d", .none = "N/A", .when = &extra),
	COL_CALL("KSTACK", "", kstack, .below = true, .when = &kernel_stack),
	COL_CALL("USTACK", "", ustack, .below = true, .when = &user_stack),
	{ 0 },
};

static int end(struct tracer *t)
{
	symbols_close(syms);
	return 0;
}

/* -v is capable's own (include non-audit checks): --verbose stays global. */
DECLARE_TOOL(capable, .category = "security", .summary = "Trace security capability checks",
	     .summary_note = "(cap_capable())", .shape = TOOL_EVENTS,
	     .takes = TOOL_PID | TOOL_EVENT_OPTIONS | TOOL_SELF | TOOL_CONTAINERS, .bound = options,
	     TOOL_PROBES(probes), .configure = configure, .end = end, .columns = columns,
	     .event_size = offsetof(struct cap_event, kstack),
	     .examples = "  capable             # trace capability checks\n"
			 "  capable -v          # verbose: include non-audit checks\n"
			 "  capable -p 181      # only trace PID 181\n"
			 "  capable -K          # add kernel stacks to trace\n"
			 "  capable -U          # add user-space stacks to trace\n"
			 "  capable -x          # extra fields: show TID and INSETID columns\n"
			 "  capable --unique    # don't repeat stacks for the same pid or cgroup");
