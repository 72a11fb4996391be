/* softirqs: soft irq time (or events) per vector, as BCC's softirqs. */
#include "cmd/irqstat.h"
#include "core/tool.h"
#include "probes/softirqs.skel.h"

static const struct probe_spec probes[] = {
	{ "softirq_entry",
	  { { PM_TP_BTF, "entry_btf", "softirq_entry" }, { PM_RAW_TP, "entry_raw", "softirq_entry" } } },
	{ "softirq_exit",
	  { { PM_TP_BTF, "exit_btf", "softirq_exit" }, { PM_RAW_TP, "exit_raw", "softirq_exit" } } },
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

static void *open_skel(void)
{
	return softirqs_bpf__open();
}

static const struct irqstat_tool tool = {
	.name = "softirqs", .what = "soft irq", .column = "SOFTIRQ", .width = 16, .section = "softirq",
	.count_long = "events", .vec_name = vec_name, .probes = probes,
	.nprobes = sizeof(probes) / sizeof(probes[0]),
	.doc = "Summarize soft irq event time as totals or histograms.\v"
	       "Examples:\n"
	       "  softirqs            # sum soft irq event time\n"
	       "  softirqs -C         # show the number of soft irq events\n"
	       "  softirqs -d         # show soft irq event time as histograms\n"
	       "  softirqs 1 10       # print 1 second summaries, 10 times\n"
	       "  softirqs -NT 1      # 1s summaries, nanoseconds, and timestamps\n"
	       "  softirqs -c 1       # sum soft irq event time on CPU 1 only",
};

static int softirqs_main(int argc, char **argv)
{
	return irqstat_main(&tool, open_skel, argc, argv);
}

BPFKIT_TOOL(softirqs, .name = "softirqs", .category = "scheduler",
	    .summary = "Summarize soft irq event time as totals or histograms", .main = softirqs_main);
