#include "core/metrics/expo.h"

#include "core/log.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A label value longer than this is cut: memory stays bounded by the
 * series count whatever a task calls itself. */
#define MAX_LABELS_TEXT 1024

struct series {
	char *labels; /* name="value",... as written, escaped; "" for none */
	uint64_t hash;
	double value;	   /* counter, gauge */
	uint64_t *buckets; /* histogram: per bucket, not cumulative */
	uint64_t count;
	double sum;
};

struct metric_family {
	char *name, *help;
	enum metric_type type;
	struct series *series;
	size_t n, cap;
	/* Open addressing over series indices + 1 (0: empty). */
	size_t *slots, nslots;
	double *le; /* histogram bounds, nb of them */
	int nb;
	/* The highest bucket ever counted in: those above it are the count
	 * again, and are left out (a log2 histogram has 64). */
	int top;
	struct series overflow;
	bool has_overflow;
};

struct metrics {
	struct metric_family **families;
	size_t n;
	unsigned long max_series, total;
	uint64_t dropped;
};

struct metrics *metrics_new(unsigned long max_series)
{
	struct metrics *m = calloc(1, sizeof(*m));
	if (!m)
		log_err("out of memory for the metrics");
	else
		m->max_series = max_series;
	return m;
}

static void series_free(struct series *s)
{
	free(s->labels);
	free(s->buckets);
}

void metrics_free(struct metrics *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->n; i++) {
		struct metric_family *f = m->families[i];
		for (size_t j = 0; j < f->n; j++)
			series_free(&f->series[j]);
		series_free(&f->overflow);
		free(f->series);
		free(f->slots);
		free(f->le);
		free(f->name);
		free(f->help);
		free(f);
	}
	free(m->families);
	free(m);
}

/* The length of the valid UTF-8 sequence at p, 0 if it is not one. */
static size_t utf8_len(const unsigned char *p)
{
	size_t n = p[0] < 0x80 ? 1 : p[0] >= 0xc2 && p[0] <= 0xdf ? 2 : p[0] >= 0xe0 && p[0] <= 0xef ? 3
		 : p[0] >= 0xf0 && p[0] <= 0xf4				     ? 4
									     : 0;
	for (size_t i = 1; i < n; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	if ((p[0] == 0xe0 && p[1] < 0xa0) || (p[0] == 0xf0 && p[1] < 0x90) || (p[0] == 0xf4 && p[1] > 0x8f) ||
	    (p[0] == 0xed && p[1] > 0x9f))
		return 0; /* overlong, past U+10FFFF, or a surrogate */
	return n;
}

size_t metrics_escape_value(const char *v, char *out, size_t len)
{
	size_t n = 0;
	if (!len)
		return 0;
	while (*v) {
		/* Scrapers refuse invalid UTF-8 (a comm is any bytes): U+FFFD. */
		size_t u = utf8_len((const unsigned char *)v);
		const char *esc = *v == '\\' ? "\\\\" : *v == '"' ? "\\\"" : *v == '\n' ? "\\n" : !u ? "\xef\xbf\xbd" : NULL;
		size_t k = esc ? strlen(esc) : u;
		if (n + k >= len)
			break;
		memcpy(out + n, esc ? esc : v, k);
		n += k;
		v += u ? u : 1;
	}
	out[n] = 0;
	return n;
}

void metrics_sanitize_name(const char *in, bool label, char *out, size_t len)
{
	size_t n = 0;
	if (!len)
		return;
	for (; *in && n + 2 < len; in++) {
		char c = *in;
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (!label && c == ':') ||
			  (c >= '0' && c <= '9');
		if (!n && c >= '0' && c <= '9')
			out[n++] = '_';
		out[n++] = !ok ? '_' : label && c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
	}
	if (!n)
		out[n++] = '_';
	out[n] = 0;
}

struct metric_family *metrics_family(struct metrics *m, const char *name, const char *help, enum metric_type type)
{
	for (size_t i = 0; i < m->n; i++) {
		struct metric_family *f = m->families[i];
		if (strcmp(f->name, name))
			continue;
		if (f->type == type)
			return f;
		log_err("internal error: metric %s is declared twice, of two types", name);
		return NULL;
	}
	struct metric_family **grown = realloc(m->families, (m->n + 1) * sizeof(*grown));
	struct metric_family *f = calloc(1, sizeof(*f));
	if (grown)
		m->families = grown;
	if (!grown || !f || !(f->name = strdup(name)) || !(f->help = strdup(help ?: ""))) {
		if (f)
			free(f->name);
		free(f);
		log_err("out of memory for the metrics");
		return NULL;
	}
	f->type = type;
	m->families[m->n++] = f;
	return f;
}

/* FNV-1a. */
static uint64_t hash_of(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static int labels_text(const struct metric_label *l, int nl, char *out, size_t len)
{
	size_t n = 0;
	out[0] = 0;
	for (int i = 0; i < nl; i++) {
		char name[128];
		metrics_sanitize_name(l[i].name, true, name, sizeof(name));
		int k = snprintf(out + n, len - n, "%s%s=\"", i ? "," : "", name);
		if (k < 0 || (size_t)k + 2 >= len - n)
			return -E2BIG;
		n += k;
		n += metrics_escape_value(l[i].value ?: "", out + n, len - n - 1);
		out[n++] = '"';
		out[n] = 0;
	}
	return 0;
}

static int rehash(struct metric_family *f, size_t nslots)
{
	size_t *slots = calloc(nslots, sizeof(*slots));
	if (!slots)
		return -ENOMEM;
	for (size_t i = 0; i < f->n; i++) {
		size_t at = f->series[i].hash & (nslots - 1);
		while (slots[at])
			at = (at + 1) & (nslots - 1);
		slots[at] = i + 1;
	}
	free(f->slots);
	f->slots = slots, f->nslots = nslots;
	return 0;
}

/* The series of these labels: found, made, or past the limit the
 * overflow; NULL when out of memory. */
static struct series *series_of(struct metrics *m, struct metric_family *f, const struct metric_label *l, int nl)
{
	char text[MAX_LABELS_TEXT];
	if (labels_text(l, nl, text, sizeof(text)))
		/* Cut to fit: the values' tails are what differs least often. */
		text[sizeof(text) - 1] = 0;
	uint64_t h = hash_of(text);
	for (size_t at = f->nslots ? h & (f->nslots - 1) : 0; f->nslots && f->slots[at];
	     at = (at + 1) & (f->nslots - 1)) {
		struct series *s = &f->series[f->slots[at] - 1];
		if (s->hash == h && !strcmp(s->labels, text))
			return s;
	}
	if (m->total >= m->max_series) {
		m->dropped++;
		if (!f->has_overflow) {
			f->overflow.labels = strdup("overflow=\"true\"");
			if (!f->overflow.labels)
				return NULL;
			f->has_overflow = true;
		}
		return &f->overflow;
	}
	if (f->n == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 16;
		struct series *grown = realloc(f->series, cap * sizeof(*grown));
		if (!grown)
			return NULL;
		f->series = grown, f->cap = cap;
	}
	if ((f->n + 1) * 2 > f->nslots && rehash(f, f->nslots ? f->nslots * 2 : 32))
		return NULL;
	struct series *s = &f->series[f->n];
	*s = (struct series){ .labels = strdup(text), .hash = h };
	if (!s->labels)
		return NULL;
	size_t at = h & (f->nslots - 1);
	while (f->slots[at])
		at = (at + 1) & (f->nslots - 1);
	f->slots[at] = ++f->n;
	m->total++;
	return s;
}

static int put(struct metrics *m, struct metric_family *f, const struct metric_label *l, int nl, double v, bool add)
{
	struct series *s = series_of(m, f, l, nl);
	if (!s) {
		log_err("out of memory for the metrics");
		return -ENOMEM;
	}
	s->value = add ? s->value + v : v;
	return 0;
}

int metrics_add(struct metrics *m, struct metric_family *f, const struct metric_label *l, int nl, double v)
{
	return put(m, f, l, nl, v, true);
}

int metrics_set(struct metrics *m, struct metric_family *f, const struct metric_label *l, int nl, double v)
{
	return put(m, f, l, nl, v, false);
}

int metrics_observe(struct metrics *m, struct metric_family *f, const struct metric_label *l, int nl,
		    const double *le, const uint64_t *counts, int nb, double sum)
{
	if (!f->le) {
		if (!(f->le = malloc(nb * sizeof(*le))))
			return -ENOMEM;
		memcpy(f->le, le, nb * sizeof(*le));
		f->nb = nb;
	} else if (nb != f->nb || memcmp(le, f->le, nb * sizeof(*le))) {
		log_err("internal error: histogram %s observed with other buckets", f->name);
		return -EINVAL;
	}
	struct series *s = series_of(m, f, l, nl);
	if (s && !s->buckets)
		s->buckets = calloc(nb, sizeof(*s->buckets));
	if (!s || !s->buckets) {
		log_err("out of memory for the metrics");
		return -ENOMEM;
	}
	for (int i = 0; i < nb; i++) {
		s->buckets[i] += counts[i];
		s->count += counts[i];
		if (counts[i] && i > f->top)
			f->top = i;
	}
	s->sum += sum;
	return 0;
}

/* The shortest text that reads back as v. */
static const char *number(double v, char buf[32])
{
	if (isinf(v))
		return v > 0 ? "+Inf" : "-Inf";
	if (isnan(v))
		return "NaN";
	snprintf(buf, 32, "%.15g", v);
	if (strtod(buf, NULL) != v)
		snprintf(buf, 32, "%.17g", v);
	return buf;
}

static void help_line(FILE *out, const char *name, const char *help, bool openmetrics)
{
	fprintf(out, "# HELP %s ", name);
	for (const char *p = help; *p; p++) {
		if (*p == '\\')
			fputs("\\\\", out);
		else if (*p == '\n')
			fputs("\\n", out);
		else if (*p == '"' && openmetrics)
			fputs("\\\"", out);
		else
			fputc(*p, out);
	}
	fputc('\n', out);
}

static void sample(FILE *out, const char *name, const char *suffix, const char *labels, const char *extra,
		   double v)
{
	char num[32];
	bool any = *labels || extra;
	fprintf(out, "%s%s%s%s%s%s%s %s\n", name, suffix, any ? "{" : "", labels, *labels && extra ? "," : "",
		extra ?: "", any ? "}" : "", number(v, num));
}

static void render_series(FILE *out, const struct metric_family *f, const struct series *s)
{
	switch (f->type) {
	case METRIC_COUNTER: sample(out, f->name, "_total", s->labels, NULL, s->value); break;
	case METRIC_GAUGE: sample(out, f->name, "", s->labels, NULL, s->value); break;
	case METRIC_HISTOGRAM: {
		uint64_t cum = 0;
		char le[48], num[32];
		for (int i = 0; i < f->nb && i <= f->top; i++) {
			cum += s->buckets ? s->buckets[i] : 0;
			snprintf(le, sizeof(le), "le=\"%s\"", number(f->le[i], num));
			sample(out, f->name, "_bucket", s->labels, le, (double)cum);
		}
		sample(out, f->name, "_bucket", s->labels, "le=\"+Inf\"", (double)s->count);
		sample(out, f->name, "_sum", s->labels, NULL, s->sum);
		sample(out, f->name, "_count", s->labels, NULL, (double)s->count);
		break;
	}
	}
}

static void render_family(FILE *out, const struct metric_family *f, bool openmetrics)
{
	static const char *const types[] = { "counter", "gauge", "histogram" };
	/* 0.0.4 names a counter's family by its sample, OpenMetrics without
	 * the suffix. */
	char name[256];
	snprintf(name, sizeof(name), "%s%s", f->name, f->type == METRIC_COUNTER && !openmetrics ? "_total" : "");
	help_line(out, name, f->help, openmetrics);
	fprintf(out, "# TYPE %s %s\n", name, types[f->type]);
	for (size_t i = 0; i < f->n; i++)
		render_series(out, f, &f->series[i]);
	if (f->has_overflow)
		render_series(out, f, &f->overflow);
}

int metrics_render(const struct metrics *m, bool openmetrics, FILE *out)
{
	for (size_t i = 0; i < m->n; i++)
		render_family(out, m->families[i], openmetrics);
	struct metric_family dropped = {
		.name = "bpfkit_series_dropped",
		.help = "Label sets added to an overflow series, past --prometheus-max-series",
		.type = METRIC_COUNTER,
	};
	struct series s = { .labels = "", .value = (double)m->dropped };
	dropped.series = &s, dropped.n = 1;
	render_family(out, &dropped, openmetrics);
	if (openmetrics)
		fputs("# EOF\n", out);
	return ferror(out) ? -EIO : 0;
}
