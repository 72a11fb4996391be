/* softirqs: soft irq time (or events) per vector, as BCC's softirqs. */
#include "cmd/irqstat.h"
#include "probes/softirqs.skel.h"

static const struct probe_spec probes[] = {
	PROBE_BTF_RAW("softirq_entry", "entry"),
	PROBE_BTF_RAW("softirq_exit", "exit"),
};

/* The kernel's softirq_to_name[]; stable for years, new vectors print as
 * numbers. */
static const char *vec_name(unsigned vec)
{
	static const char *const names[] = { "hi",	"timer",   "net_tx", "net_rx", "block",
					     "irq_poll", "tasklet", "sched",  "hrtimer", "rcu" };
	static char buf[16];
	if (vec < sizeof(names) / sizeof(names[0]))
		return names[vec];
	snprintf(buf, sizeof(buf), "%u", vec);
	return buf;
}

DECLARE_TOOL(softirqs, IRQSTAT_DECLARATION("soft irq", "SOFTIRQ", 16, "softirq", "events", vec_name),
	     .summary = "Summarize soft irq event time as totals or histograms", TOOL_PROBES(probes),
	     .examples = "  softirqs            # sum soft irq event time\n"
			 "  softirqs -C         # show the number of soft irq events\n"
			 "  softirqs -d         # show soft irq event time as histograms\n"
			 "  softirqs 1 10       # print 1 second summaries, 10 times\n"
			 "  softirqs -NT 1      # 1s summaries, nanoseconds, and timestamps\n"
			 "  softirqs -c 1       # sum soft irq event time on CPU 1 only");
