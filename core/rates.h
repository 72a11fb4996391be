/* Counters shown as per-second rates, a line per interval (BCC's vfsstat
 * and dcstat): a TIME column, then each counter's change over the last
 * interval divided by its length.  A tool declares its table and
 * TOOL_RATES(table); core prints header and lines. */
#ifndef BPFKIT_CORE_RATES_H
#define BPFKIT_CORE_RATES_H
#include <stdbool.h>
#include <stddef.h>

struct tracer;

struct rate_table {
	/* "READ": the header says "READ/s", the JSON key is "read_per_s". */
	const char *const *columns;
	size_t n;
	unsigned long long *prev; /* n: each counter at the last line */
	/* The n counters, as the BPF side counts them (its .bss). */
	const unsigned long long *(*counters)(struct tracer *t);
	/* One more column after the rates, from the interval's changes:
	 * its title and its value (rec_* calls). */
	const char *extra;
	void (*extra_value)(const unsigned long long *delta);
	/* --prometheus: a row per counter, its change under the key "count"
	 * and its column's name (lower case) under this key (default "op"),
	 * for the tool's TOOL_METRICS to name. */
	const char *metric_label;
};

void rates_header(void);
int rates_interval(struct tracer *t, bool last);

#define TOOL_RATES(table) .header = rates_header, .interval = rates_interval, .family_data = &(table)

#endif
