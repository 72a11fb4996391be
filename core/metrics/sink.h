/* With --prometheus a tool's summary printer feeds the metrics instead of
 * printing: core/record.c's rec_* rows and the histogram printers come
 * here while metrics_sink_on, and the tool's declaration (struct
 * tool_metric) says which numbers are which metric. */
#ifndef BPFKIT_CORE_METRICS_SINK_H
#define BPFKIT_CORE_METRICS_SINK_H
#include "core/metrics/expo.h"

#include <stdbool.h>
#include <stdint.h>

/* One of a tool's metrics: the rec_* key of the number in its summary's
 * rows (the other keys of a row, but "time", are the series' labels), or
 * "hist" for the histograms it prints; the metric's name after
 * "bpfkit_TOOL_" (a counter's ends in "_total", which the family's name
 * drops); its help; the factor from the summary's unit to the metric's
 * (usecs to seconds: 1e-6; a histogram's comes from its unit).  Several
 * keys may name one metric (time_us and time_ms with -m). */
struct tool_metric {
	const char *key, *name, *help;
	double scale; /* 0: 1 */
	bool gauge;   /* a value at the time, not a count */
};
#define TOOL_METRICS(...) .metrics = (const struct tool_metric[]){ __VA_ARGS__, { 0 } }

extern bool metrics_sink_on;
/* Whose metrics: the tool's name, its summary (the help of a histogram
 * it does not declare) and its declaration. */
void metrics_sink_start(const char *tool, const char *summary, const struct tool_metric *metrics);

/* A row's fields, in the order the printer gives them, and its end. */
void metrics_row_str(const char *key, const char *v);
void metrics_row_num(const char *key, double v);
void metrics_row_end(void);
/* A log2 histogram of the summary (probes/lib/hist.h slots) in unit
 * ("usecs", "msecs", "nsecs", "Kbytes", or a count's name), with its
 * labels. */
void metrics_hist_log2(const struct metric_label *l, int nl, const uint64_t *slots, int n, const char *unit);
/* A linear histogram: slot i counts the value i (runqlen). */
void metrics_hist_linear(const struct metric_label *l, int nl, const uint64_t *slots, int n, const char *unit);
/* A histogram section as the text printers get it (a section name such as
 * "pid" or "Process Name", and the key's label, "" for none): its labels,
 * pid and comm from "PID COMM" labels. */
int metrics_section_labels(const char *section, const char *label, struct metric_label *l, char bufs[2][64]);

#endif
