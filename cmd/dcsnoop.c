/* dcsnoop: trace directory entry cache (dcache) lookups, as BCC's dcsnoop. */
#include "core/tool.h"
#include "probes/dcsnoop.skel.h"

#include "probes/dcsnoop.h"

/* lookup_fast last: only -a traces it. */
static const struct probe_spec probes[] = {
	PROBE_FENTRY("d_lookup entry", "d_lookup", "d_lookup"),
	PROBE_FEXIT("d_lookup return", "d_lookup", "d_lookup"),
	PROBE_FENTRY("lookup_fast", "lookup_fast", "fast"),
};

static bool all;

static const struct tool_option options[] = {
	OPT_FLAG('a', "all", &all, "trace all lookups (default is fails only)"),
	{ { 0 } },
};

static int configure(struct tracer *t)
{
	t->nspecs = all ? 3 : 2;
	return 0;
}

static const struct record_column columns[] = {
	COL_ELAPSED("TIME(s)", "%-11.6f "),
	COL_TASK(struct dcsnoop_event, pid, "%-7u "),
	COL(struct dcsnoop_event, type, "T", "%1s "),
	COL(struct dcsnoop_event, file, "FILE", "%s"),
	{ 0 },
};

DECLARE_TOOL(dcsnoop, .category = "files", .summary = "Trace directory entry cache (dcache) lookups",
	     .shape = TOOL_EVENTS, .takes = TOOL_EVENT_OPTIONS,
	     .help.duration = "Trace for this many seconds (a bpfkit addition)", .bound = options,
	     TOOL_PROBES(probes), .configure = configure, .columns = columns,
	     .event_size = sizeof(struct dcsnoop_event),
	     .examples = "  dcsnoop           # trace failed dcache lookups\n"
			 "  dcsnoop -a        # trace all dcache lookups");
