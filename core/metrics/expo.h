/* The numbers a tool serves to Prometheus: families of series (counters,
 * gauges, histograms), each series a set of labels, kept in user space so
 * counters stay monotonic while the BPF maps are cleared every collection,
 * and written out in the Prometheus text format 0.0.4 or in OpenMetrics
 * 1.0.  The store is bounded: past max_series the label sets that would be
 * new series are added to one overflow series of their family
 * ({overflow="true"}) and counted in bpfkit_series_dropped_total. */
#ifndef BPFKIT_CORE_METRICS_EXPO_H
#define BPFKIT_CORE_METRICS_EXPO_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum metric_type { METRIC_COUNTER, METRIC_GAUGE, METRIC_HISTOGRAM };

struct metric_label {
	const char *name, *value;
};

struct metrics;
struct metric_family;

/* NULL when out of memory (printed). */
struct metrics *metrics_new(unsigned long max_series);
void metrics_free(struct metrics *m);

/* The family of this name (a counter's without "_total"), made on first
 * use with help and type; NULL when out of memory or the name is taken by
 * a family of another type (printed once). */
struct metric_family *metrics_family(struct metrics *m, const char *name, const char *help, enum metric_type type);
/* A counter's series plus v, a gauge's set to v: 0 or -ENOMEM. */
int metrics_add(struct metrics *m, struct metric_family *f, const struct metric_label *l, int nl, double v);
int metrics_set(struct metrics *m, struct metric_family *f, const struct metric_label *l, int nl, double v);
/* Observations into a histogram's series: counts[i] of them at most
 * le[i] (and above le[i - 1]), their sum.  A family's bounds are those of
 * its first observation, ascending; later ones must have the same bounds
 * (-EINVAL otherwise): a histogram's buckets do not change. */
int metrics_observe(struct metrics *m, struct metric_family *f, const struct metric_label *l, int nl,
		    const double *le, const uint64_t *counts, int nb, double sum);

/* Every family, in the order they were made, and bpfkit_series_dropped_total;
 * with openmetrics the OpenMetrics form, ending in "# EOF". */
int metrics_render(const struct metrics *m, bool openmetrics, FILE *out);

/* A label value as the text formats quote it: \ " and newline escaped;
 * the bytes written (out always terminated, cut at a whole escape). */
size_t metrics_escape_value(const char *v, char *out, size_t len);
/* A name made of [a-zA-Z0-9_:] (label names: without ':'), not starting
 * with a digit: every other byte as '_', lower case where upper_ok is
 * false; "_" when empty. */
void metrics_sanitize_name(const char *in, bool label, char *out, size_t len);

#endif
