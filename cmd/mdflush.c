/* mdflush: trace md flush events, as BCC's mdflush. */
#include "core/features.h"
#include "core/tool.h"
#include "probes/mdflush.skel.h"

#include <unistd.h>

#include "probes/mdflush.h"

static const struct probe_spec probes[] = { PROBE_FENTRY("md_flush_request", "md_flush_request", "flush") };

/* Where the kernel could attach, md_flush_request still has to be there:
 * it is the md driver's, often a module (md_mod) loaded with the first
 * array.  Without fentry or kprobes core names the missing mechanisms. */
static int configure(struct tracer *t)
{
	if ((feature_has(FEAT_FENTRY) || feature_has(FEAT_KPROBES)) && access("/sys/module/md_mod", F_OK)) {
		log_err("cannot trace md_flush_request: the md driver is not loaded (modprobe md_mod, or create an md array)");
		return -ENOENT;
	}
	return 0;
}

static const struct record_column columns[] = {
	COL_TIME("TIME", "%-8s "),
	COL_TASK(struct mdflush_event, pid, "%-7u "),
	COL(struct mdflush_event, disk, "DEVICE", "%s"),
	{ 0 },
};

DECLARE_TOOL(mdflush, .category = "block", .summary = "Trace md flush events", .shape = TOOL_EVENTS,
	     .takes = TOOL_EVENT_OPTIONS, TOOL_PROBES(probes), .configure = configure, .status = "Tracing md flush requests... Hit Ctrl-C to end.",
	     .columns = columns, .event_size = sizeof(struct mdflush_event),
	     .examples = "  mdflush          # trace md flush requests\n"
			 "  mdflush -j       # as JSON lines");
