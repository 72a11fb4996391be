/* softirqs and hardirqs: the same options (-T -N -C -d -c CPU, interval,
 * count), the same accounting (probes/lib/irqs.bpf.h) and the same output, a
 * table of totals or a histogram per irq; only the names differ. */
#ifndef BPFKIT_CMD_IRQSTAT_H
#define BPFKIT_CMD_IRQSTAT_H
#include "core/tool.h"

struct irqstat_tool {
	const char *what;	/* "soft irq", for "Tracing soft irq event time..." */
	const char *column;	/* "SOFTIRQ" */
	int width;		/* of that column: BCC's 16 or 26 */
	const char *section;	/* "softirq" */
	const char *count_long; /* BCC's long name for -C: "events" or "count" */
	/* Name for a key's vector when the key has no name (softirqs). */
	const char *(*vec_name)(unsigned vec);
};

error_t irqstat_parse(int key, char *arg, struct argp_state *state);
int irqstat_configure(struct tracer *t);
void irqstat_header(void);
int irqstat_summary(struct tracer *t, bool last);

/* What the two declarations share: DECLARE_TOOL(softirqs,
 * IRQSTAT_DECLARATION("soft irq", "SOFTIRQ", 16, "softirq", "events",
 * vec_name), .summary = ...). */
#define IRQSTAT_DECLARATION(what, column, width, section, count_long, vec_name)                             \
	.category = "scheduler", .shape = TOOL_INTERVAL,                                                      \
	.takes = TOOL_JSON | TOOL_INTERVAL_COUNT | TOOL_TIMESTAMP | TOOL_CPU,                                 \
	.help.json = "One JSON object per irq (totals) or per histogram (-d), with the time",                 \
	.options =                                                                                            \
		(const struct argp_option[]){                                                                 \
			{ "nanoseconds", 'N', NULL, 0, "Output in nanoseconds", 0 },                          \
			{ count_long, 'C', NULL, 0, "Show the number of events instead of time", 0 },         \
			{ "dist", 'd', NULL, 0, "Show distributions as histograms", 0 },                      \
			{ 0 },                                                                                \
		},                                                                                            \
	.parse = irqstat_parse, .configure = irqstat_configure, .header = irqstat_header,                     \
	.interval = irqstat_summary,                                                                          \
	TOOL_METRICS({ "total_nsecs", "time_seconds_total", "Time spent in the handlers", 1e-9 },             \
		     { "total_count", "events_total", "Handler runs (-C)" },                                  \
		     { "hist", "duration_seconds", "Time each handler run took (-d)" }),                      \
	.family_data = &(const struct irqstat_tool){ what, column, width, section, count_long, vec_name }

/* BCC's summary and examples, the same for both tools but for their names
 * and the lines one of them adds after the first. */
#define IRQSTAT_TEXT(name, what, extra)                                                                     \
	.summary = "Summarize " what " event time as totals or histograms",                                  \
	.examples = "  " name "            # sum " what " event time\n" extra                                \
		    "  " name " -d         # show " what " event time as histograms\n"                       \
		    "  " name " 1 10       # print 1 second summaries, 10 times\n"                           \
		    "  " name " -NT 1      # 1s summaries, nanoseconds, and timestamps\n"                    \
		    "  " name " -c 1       # sum " what " event time on CPU 1 only"

#endif
