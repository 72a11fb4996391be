/* hardirqs: hard irq handler time (or events) per handler name, as BCC's
 * hardirqs. */
#include "cmd/irqstat.h"
#include "probes/hardirqs.skel.h"

static const struct probe_spec probes[] = {
	PROBE_BTF_RAW("irq_handler_entry", "entry"),
	PROBE_BTF_RAW("irq_handler_exit", "exit"),
};

DECLARE_TOOL(hardirqs, IRQSTAT_DECLARATION("hard irq", "HARDIRQ", 26, "hardirq", "count", NULL),
	     IRQSTAT_TEXT("hardirqs", "hard irq", ""), TOOL_PROBES(probes));
