#include "core/rates.h"

#include "core/metrics/sink.h"
#include "core/output.h"
#include "core/record.h"
#include "core/tool.h"

#include <ctype.h>
#include <stdio.h>

#define RATES_MAX 16

void rates_header(void)
{
	const struct rate_table *r = tool_current->family_data;
	FILE *out = record_header_out();
	fprintf(out, "%-8s  ", "TIME");
	for (size_t i = 0; i < r->n; i++) {
		char col[24];
		snprintf(col, sizeof(col), "%s/s", r->columns[i]);
		fprintf(out, " %8s", col);
	}
	if (r->extra)
		fprintf(out, " %8s", r->extra);
	fprintf(out, "\n");
	fflush(out);
}

int rates_interval(struct tracer *t, bool last)
{
	(void)last;
	const struct rate_table *r = tool_current->family_data;
	const unsigned long long *counters = r->counters(t);
	unsigned long long delta[RATES_MAX];
	char hms[16];
	rec_str("time", "%-8s: ", output_hms(hms));
	for (size_t i = 0; i < r->n && i < RATES_MAX; i++) {
		unsigned long long now = __atomic_load_n(&counters[i], __ATOMIC_RELAXED);
		char key[32]; /* "READ" -> "read_per_s" */
		size_t k = 0;
		for (const char *c = r->columns[i]; *c && k + 7 < sizeof(key); c++)
			key[k++] = (char)tolower((unsigned char)*c);
		snprintf(key + k, sizeof(key) - k, "_per_s");
		delta[i] = now - r->prev[i];
		r->prev[i] = now;
		if (metrics_sink_on) {
			key[k] = 0;
			rec_str(r->metric_label ?: "op", NULL, key);
			rec_u64("count", NULL, delta[i]);
			rec_end();
			continue;
		}
		rec_u64(key, " %8llu", delta[i] * 1000 / tool_args.interval_ms);
	}
	if (metrics_sink_on)
		return 0;
	if (r->extra_value)
		r->extra_value(delta);
	rec_end();
	return 0;
}
