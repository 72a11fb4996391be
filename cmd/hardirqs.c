/* hardirqs: hard irq handler time (or events) per handler name, as BCC's
 * hardirqs. */
#include "cmd/irqstat.h"
#include "core/tool.h"
#include "probes/hardirqs.skel.h"

static const struct probe_spec probes[] = {
	{ "irq_handler_entry",
	  { { PM_TP_BTF, "entry_btf", "irq_handler_entry" }, { PM_RAW_TP, "entry_raw", "irq_handler_entry" } } },
	{ "irq_handler_exit",
	  { { PM_TP_BTF, "exit_btf", "irq_handler_exit" }, { PM_RAW_TP, "exit_raw", "irq_handler_exit" } } },
};

static void *open_skel(void)
{
	return hardirqs_bpf__open();
}

static const struct irqstat_tool tool = {
	.name = "hardirqs", .what = "hard irq", .column = "HARDIRQ", .width = 26, .section = "hardirq",
	.count_long = "count", .probes = probes, .nprobes = sizeof(probes) / sizeof(probes[0]),
	.doc = "Summarize hard irq event time as totals or histograms.\v"
	       "Examples:\n"
	       "  hardirqs            # sum hard irq event time\n"
	       "  hardirqs -d         # show hard irq event time as histograms\n"
	       "  hardirqs 1 10       # print 1 second summaries, 10 times\n"
	       "  hardirqs -NT 1      # 1s summaries, nanoseconds, and timestamps\n"
	       "  hardirqs -c 1       # sum hard irq event time on CPU 1 only",
};

static int hardirqs_main(int argc, char **argv)
{
	return irqstat_main(&tool, open_skel, argc, argv);
}

BPFKIT_TOOL(hardirqs, .name = "hardirqs", .category = "scheduler",
	    .summary = "Summarize hard irq event time as totals or histograms", .main = hardirqs_main);
