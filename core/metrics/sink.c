#include "core/metrics/sink.h"

#include "core/log.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

bool metrics_sink_on;
/* Where the metrics go: core/metrics/serve.c's store. */
struct metrics *metrics_store;
static const char *tool_name, *tool_summary;
static const struct tool_metric *tool_metrics;

void metrics_sink_start(const char *tool, const char *summary, const struct tool_metric *metrics)
{
	tool_name = tool, tool_summary = summary, tool_metrics = metrics;
}

#define ROW_MAX 16
static struct field {
	char key[48], str[256];
	double num;
	bool is_num;
} row[ROW_MAX];
static int nrow;

static struct field *next_field(const char *key)
{
	if (nrow == ROW_MAX)
		return NULL;
	struct field *f = &row[nrow++];
	snprintf(f->key, sizeof(f->key), "%s", key);
	return f;
}

void metrics_row_str(const char *key, const char *v)
{
	struct field *f = strcmp(key, "time") ? next_field(key) : NULL;
	if (f)
		snprintf(f->str, sizeof(f->str), "%s", v ?: ""), f->is_num = false;
}

void metrics_row_num(const char *key, double v)
{
	struct field *f = next_field(key);
	if (f)
		f->num = v, f->is_num = true;
}

static const struct tool_metric *declared(const char *key)
{
	for (const struct tool_metric *m = tool_metrics; m && m->key; m++)
		if (!strcmp(m->key, key))
			return m;
	return NULL;
}

/* "bpfkit_TOOL_NAME", a counter's without "_total". */
static void family_name(const char *name, bool counter, char *out, size_t len)
{
	size_t n = strlen(name);
	if (counter && n > 6 && !strcmp(name + n - 6, "_total"))
		n -= 6;
	snprintf(out, len, "bpfkit_%s_%.*s", tool_name, (int)n, name);
}

void metrics_row_end(void)
{
	struct metric_label l[ROW_MAX];
	int nl = 0;
	for (int i = 0; i < nrow; i++) {
		struct field *f = &row[i];
		if (f->is_num && declared(f->key))
			continue;
		if (f->is_num)
			snprintf(f->str, sizeof(f->str), "%.15g", f->num);
		l[nl++] = (struct metric_label){ f->key, f->str };
	}
	for (int i = 0; i < nrow && metrics_store; i++) {
		const struct tool_metric *m = row[i].is_num ? declared(row[i].key) : NULL;
		if (!m)
			continue;
		char name[160];
		family_name(m->name, !m->gauge, name, sizeof(name));
		struct metric_family *fam =
			metrics_family(metrics_store, name, m->help, m->gauge ? METRIC_GAUGE : METRIC_COUNTER);
		double v = row[i].num * (m->scale ? m->scale : 1);
		if (fam)
			(m->gauge ? metrics_set : metrics_add)(metrics_store, fam, l, nl, v);
	}
	nrow = 0;
}

/* A histogram unit's factor to the metric's base unit, and its suffix. */
static double unit_scale(const char *unit, const char **suffix)
{
	static const struct {
		const char *unit, *suffix;
		double scale;
	} units[] = {
		{ "nsecs", "seconds", 1e-9 }, { "usecs", "seconds", 1e-6 }, { "msecs", "seconds", 1e-3 },
		{ "Kbytes", "bytes", 1024 },  { "bytes", "bytes", 1 },
	};
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (!strcasecmp(unit, units[i].unit)) {
			*suffix = units[i].suffix;
			return units[i].scale;
		}
	*suffix = NULL;
	return 1;
}

/* The histogram's family: declared as "hist", or bpfkit_TOOL_seconds
 * (_bytes, _UNIT) with the tool's summary as help. */
static struct metric_family *hist_family(const char *unit, double *scale)
{
	const struct tool_metric *m = declared("hist");
	const char *suffix;
	*scale = unit_scale(unit, &suffix);
	if (m && m->scale)
		*scale = m->scale;
	char name[160], unit_name[64];
	if (m) {
		family_name(m->name, false, name, sizeof(name));
	} else {
		metrics_sanitize_name(suffix ?: unit, true, unit_name, sizeof(unit_name));
		family_name(unit_name, false, name, sizeof(name));
	}
	return metrics_family(metrics_store, name, m ? m->help : tool_summary, METRIC_HISTOGRAM);
}

void metrics_hist_log2(const struct metric_label *l, int nl, const uint64_t *slots, int n, const char *unit)
{
	double scale, le[n], sum = 0;
	struct metric_family *f = metrics_store ? hist_family(unit, &scale) : NULL;
	if (!f)
		return;
	/* Slot k holds [2^k, 2^(k+1)) (0 and 1 in slot 0) of whole units,
	 * truncated: every value in it is below 2^(k+1) units.  The sum
	 * takes each value at its slot's middle. */
	for (int k = 0; k < n; k++) {
		le[k] = ldexp(1, k + 1) * scale;
		sum += (double)slots[k] * (k ? 1.5 * ldexp(1, k) : 1) * scale;
	}
	metrics_observe(metrics_store, f, l, nl, le, slots, n, sum);
}

void metrics_hist_linear(const struct metric_label *l, int nl, const uint64_t *slots, int n, const char *unit)
{
	double scale, le[n], sum = 0;
	struct metric_family *f = metrics_store ? hist_family(unit, &scale) : NULL;
	if (!f)
		return;
	for (int k = 0; k < n; k++) {
		le[k] = k * scale;
		sum += (double)slots[k] * k * scale;
	}
	metrics_observe(metrics_store, f, l, nl, le, slots, n, sum);
}

int metrics_section_labels(const char *section, const char *label, struct metric_label *l, char bufs[2][64])
{
	if (!section)
		return 0;
	char text[128];
	snprintf(text, sizeof(text), "%s", label ?: "");
	size_t len = strlen(text);
	while (len && strchr(" \t\n", text[len - 1]))
		text[--len] = 0;
	if (!strcmp(section, "pid") || !strcmp(section, "tid")) {
		/* "PID COMM" or "PID". */
		char *sp = strchr(text, ' ');
		snprintf(bufs[0], 64, "%.*s", sp ? (int)(sp - text) : (int)len, text);
		l[0] = (struct metric_label){ section, bufs[0] };
		if (!sp)
			return 1;
		snprintf(bufs[1], 64, "%s", sp + 1);
		l[1] = (struct metric_label){ "comm", bufs[1] };
		return 2;
	}
	metrics_sanitize_name(section, true, bufs[0], 64);
	snprintf(bufs[1], 64, "%s", text);
	l[0] = (struct metric_label){ bufs[0], bufs[1] };
	return 1;
}
