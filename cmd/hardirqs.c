/* hardirqs: hard irq handler time (or events) per handler name, as BCC's
 * hardirqs. */
#include "cmd/irqstat.h"
#include "probes/hardirqs.skel.h"

static const struct probe_spec probes[] = {
	PROBE_BTF_RAW("irq_handler_entry", "entry"),
	PROBE_BTF_RAW("irq_handler_exit", "exit"),
};

DECLARE_TOOL(hardirqs, IRQSTAT_DECLARATION("hard irq", "HARDIRQ", 26, "hardirq", "count", NULL),
	     .summary = "Summarize hard irq event time as totals or histograms", TOOL_PROBES(probes),
	     .examples = "  hardirqs            # sum hard irq event time\n"
			 "  hardirqs -d         # show hard irq event time as histograms\n"
			 "  hardirqs 1 10       # print 1 second summaries, 10 times\n"
			 "  hardirqs -NT 1      # 1s summaries, nanoseconds, and timestamps\n"
			 "  hardirqs -c 1       # sum hard irq event time on CPU 1 only");
