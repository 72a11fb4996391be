#include "core/record.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <stdio.h>

#include "core/inet.h"
#include "core/metrics/sink.h"
#include "core/paths.h"
#include "histo/json.h"

#include <linux/types.h>

#include "probes/lib/pathwalk.h"

/* The current line's object, opened by its first column. */
static struct json line;
static bool open_line;

bool record_csv;
/* A column is already on this CSV line: the next one starts with ','. */
static bool csv_sep;

/* A column's value in CSV (BCC's -s): its conversion without flags or
 * width, a float's precision kept ("%-7.2f " is "%.2f"). */
static void csv_value_fmt(const char *value, char *out, size_t len)
{
	const char *p = strchr(value, '%');
	while (p && p[1] == '%')
		p = strchr(p + 2, '%');
	if (!p) {
		snprintf(out, len, "%%s");
		return;
	}
	size_t n = 0;
	out[n++] = '%';
	for (p++; *p && strchr("-+ #0123456789*", *p); p++)
		;
	const char *prec = *p == '.' ? p : NULL;
	while (*p == '.' || (*p >= '0' && *p <= '9'))
		p++;
	size_t mods = strspn(p, "hlqjzt");
	char conv = p[mods];
	if (prec && strchr("feEgG", conv))
		while (n + 2 < len && prec < p)
			out[n++] = *prec++;
	while (n + 2 < len && mods--)
		out[n++] = *p++;
	out[n++] = conv == 's' || strchr("diuxXofeEgG", conv) ? conv : 's';
	out[n] = 0;
}

static void csv_next(void)
{
	if (csv_sep)
		putchar(',');
	csv_sep = true;
}

FILE *record_header_out(void)
{
	/* --prometheus: what a summary printer prints besides its rows goes
	 * nowhere. */
	static FILE *discard;
	if (metrics_sink_on && (discard || (discard = fopen("/dev/null", "we"))))
		return discard;
	return output_mode == OUTPUT_TEXT ? stdout : stderr;
}

/* A column's fmt split at its one conversion: the value's format with the
 * length modifier its value is passed with ("ll" for integers), the
 * header's (the same flags '-' and width, conversion 's'), and the
 * conversion.  "%%" is text. */
struct colfmt {
	char value[48], header[48];
	char conv;
	bool star;
};

static void colfmt_parse(const char *fmt, struct colfmt *f)
{
	size_t v = 0, h = 0;
	f->conv = 0, f->star = false;
#define BOTH(ch) (f->value[v++] = (ch), f->header[h++] = (ch))
	for (const char *p = fmt; *p && v + 8 < sizeof(f->value) && h + 8 < sizeof(f->header); p++) {
		if (*p != '%' || f->conv) {
			BOTH(*p);
			if (*p == '%')
				BOTH(*++p);
			continue;
		}
		if (p[1] == '%') {
			BOTH('%'), BOTH('%'), p++;
			continue;
		}
		BOTH('%');
		for (p++; *p && strchr("-+ #0", *p); p++) {
			f->value[v++] = *p;
			if (*p == '-')
				f->header[h++] = '-';
		}
		for (; (*p >= '0' && *p <= '9') || *p == '*'; p++) {
			f->star |= *p == '*';
			BOTH(*p);
		}
		if (*p == '.')
			for (f->value[v++] = *p++; *p >= '0' && *p <= '9'; p++)
				f->value[v++] = *p;
		while (strchr("hlqjzt", *p) && *p)
			p++;
		f->conv = *p;
		if (*p && strchr("diuxXo", *p))
			f->value[v++] = 'l', f->value[v++] = 'l';
		f->value[v++] = *p;
		f->header[h++] = 's';
		if (!*p)
			break;
	}
#undef BOTH
	f->value[v] = f->header[h] = 0;
}

const char *record_key(const struct record_column *c, char buf[32])
{
	if (c->key)
		return c->key;
	size_t n = 0;
	for (const char *p = c->title; *p && n + 4 < 32; p++) {
		if (*p == '(' || *p == ' ' || *p == '-')
			buf[n++] = '_';
		else if (*p == '%')
			n += snprintf(buf + n, 32 - n, "%spct", n ? "_" : "");
		else if (*p != ')')
			buf[n++] = (char)tolower((unsigned char)*p);
	}
	buf[n] = 0;
	return buf;
}

static bool shown(const struct record_column *c)
{
	return (!c->when || *c->when) && (!c->unless || !*c->unless);
}

void record_header(const struct record_column *cols)
{
	FILE *out = record_header_out();
	int pidw = output_pid_width();
	output_clock_start();
	/* A tool whose rows an option turns off (tcpretrans -c prints a
	 * table of counts at the end) prints no empty header. */
	bool any = false;
	for (; cols->title; cols++) {
		struct colfmt f;
		if (!shown(cols) || cols->below)
			continue;
		any = true;
		colfmt_parse(cols->hfmt ?: cols->fmt, &f);
		const char *hf = cols->hfmt ?: f.header;
		if (record_csv && out == stdout) {
			csv_next();
			fputs(cols->title, out);
		} else if (f.star)
			fprintf(out, hf, pidw, cols->title);
		else
			fprintf(out, hf, cols->title);
	}
	if (any)
		fputc('\n', out);
	csv_sep = false;
}

/* One value in a column's fmt: text gets it through printf, JSON under the
 * key; the conversion picks the type. */
struct colval {
	enum { CV_STR, CV_S64, CV_U64, CV_F64, CV_NONE } type;
	const char *s;
	long long i;
	unsigned long long u;
	double d;
};

static void put(const struct record_column *c, const struct colval *cv)
{
	struct colfmt f;
	char key[32];
	colfmt_parse(c->fmt, &f);
	if (output_mode == OUTPUT_JSON) {
		const char *k = record_key(c, key);
		switch (cv->type) {
		case CV_STR: rec_str(k, "", cv->s); break;
		case CV_S64: rec_i64(k, "", cv->i); break;
		case CV_U64:
			/* A signed field the text shows in hex or octal (a
			 * syscall's return): its value, -2 not 2^64 - 2. */
			if (c->kind == REC_SIGNED && f.conv && strchr("xXo", f.conv))
				rec_i64(k, "", (long long)cv->u);
			else
				rec_u64(k, "", cv->u);
			break;
		case CV_F64: rec_f64(k, "", cv->d); break;
		case CV_NONE: rec_none(k, "", cv->s); break;
		}
		return;
	}
	if (record_csv) {
		char cf[16];
		csv_value_fmt(f.value, cf, sizeof(cf));
		csv_next();
		if (cv->type == CV_NONE || cv->type == CV_STR)
			printf("%s", cv->s);
		else if (cv->type == CV_F64)
			printf(cf, cv->d);
		else if (cv->type == CV_S64)
			printf(cf, cv->i);
		else
			printf(cf, cv->u);
		return;
	}
	int w = f.star ? output_pid_width() : 0;
	const char *fmt = f.value;
	if (cv->type == CV_NONE || cv->type == CV_STR) {
		/* A text in a numeric column keeps its width and alignment. */
		fmt = cv->type == CV_NONE ? c->hfmt ?: f.header : fmt;
		f.star ? printf(fmt, w, cv->s) : printf(fmt, cv->s);
	} else if (cv->type == CV_F64) {
		f.star ? printf(fmt, w, cv->d) : printf(fmt, cv->d);
	} else if (cv->type == CV_S64) {
		f.star ? printf(fmt, w, cv->i) : printf(fmt, cv->i);
	} else {
		f.star ? printf(fmt, w, cv->u) : printf(fmt, cv->u);
	}
}

/* A number as the column's conversion shows it. */
static void put_number(const struct record_column *c, long long i, unsigned long long u, bool is_signed)
{
	struct colfmt f;
	colfmt_parse(c->fmt, &f);
	struct colval cv = { 0 };
	char text[32];
	if (f.conv == 's') { /* a number in a text column */
		snprintf(text, sizeof(text), is_signed ? "%lld" : "%llu", is_signed ? i : (long long)u);
		cv.type = CV_STR, cv.s = text;
	} else if (f.conv && strchr("feEgG", f.conv)) {
		cv.type = CV_F64;
		cv.d = is_signed ? (double)i : (double)u;
		if (c->scale)
			cv.d /= c->scale;
	} else if (f.conv && strchr("di", f.conv)) {
		cv.type = CV_S64;
		cv.i = is_signed ? i : (long long)u;
		if (c->scale)
			cv.i = (long long)(cv.i / c->scale);
	} else {
		cv.type = CV_U64;
		cv.u = is_signed ? (unsigned long long)i : u;
		if (c->scale)
			cv.u = (unsigned long long)(cv.u / c->scale);
	}
	put(c, &cv);
}

void rec_col_str(const struct record_column *c, const char *v)
{
	put(c, &(struct colval){ .type = CV_STR, .s = v });
}

void rec_col_u64(const struct record_column *c, unsigned long long v)
{
	put_number(c, 0, v, false);
}

void rec_col_i64(const struct record_column *c, long long v)
{
	put_number(c, v, 0, true);
}

void rec_col_f64(const struct record_column *c, double v)
{
	put(c, &(struct colval){ .type = CV_F64, .d = c->scale ? v / c->scale : v });
}

void rec_col_none(const struct record_column *c, const char *text)
{
	put(c, &(struct colval){ .type = CV_NONE, .s = text });
}

/* since_first's first values, by column. */
static struct {
	const struct record_column *c;
	unsigned long long first;
} firsts[8];

static unsigned long long less_first(const struct record_column *c, unsigned long long v)
{
	size_t i = 0;
	while (i < sizeof(firsts) / sizeof(firsts[0]) && firsts[i].c && firsts[i].c != c)
		i++;
	if (i == sizeof(firsts) / sizeof(firsts[0]))
		return v;
	if (!firsts[i].c)
		firsts[i].c = c, firsts[i].first = v;
	return v - firsts[i].first;
}

/* A char array column's text: at most its size, NUL-terminated. */
static void chars(const struct record_column *c, const unsigned char *rec, char *buf, size_t len)
{
	snprintf(buf, len, "%.*s", (int)(c->size < len ? c->size : len - 1), (const char *)rec + c->off);
}

static bool kept(const struct record_column *cols, const unsigned char *rec, size_t size)
{
	for (; cols->title; cols++) {
		char buf[PATH_WALK_PART];
		if (!cols->contains || !*cols->contains || cols->kind != REC_CHARS || (size_t)cols->off + cols->size > size)
			continue;
		chars(cols, rec, buf, sizeof(buf));
		if (!strstr(buf, *cols->contains))
			return false;
	}
	return true;
}

static void field(const struct record_column *c, const unsigned char *rec, size_t size)
{
	char hms[24];
	if (c->kind == REC_TIME) {
		rec_col_str(c, c->ms || c->utc ? output_hms_ms(hms, c->utc && *c->utc) : output_hms(hms));
		return;
	}
	if (c->kind == REC_TEXT) {
		rec_col_str(c, *c->text);
		return;
	}
	if (c->kind == REC_ELAPSED) {
		rec_col_f64(c, output_elapsed());
		return;
	}
	if (c->kind == REC_CALL) {
		c->call(c, rec, size);
		return;
	}
	if ((size_t)c->off + c->size > size) {
		rec_col_none(c, c->none ?: "?");
		return;
	}
	const unsigned char *p = rec + c->off;
	if (c->kind == REC_CHARS) {
		char buf[PATH_WALK_PART];
		chars(c, rec, buf, sizeof(buf));
		rec_col_str(c, buf);
		return;
	}
	if (c->kind == REC_INET) {
		char buf[INET_TEXT];
		unsigned family = c->family_size == 1 ? rec[c->family_off]
				  : c->family_size == 2 ? *(const uint16_t *)(rec + c->family_off)
							: *(const uint32_t *)(rec + c->family_off);
		if ((family == AF_INET6 && c->size < 16) || c->size < 4)
			family = 0;
		rec_col_str(c, inet_text((int)family, p, buf, sizeof(buf)));
		return;
	}
	if (c->kind == REC_PATH) {
		char buf[PATH_WALK_BUF + PATH_WALK_PART + 8];
		const struct path_walk *w = (const void *)(rec + c->walk_off);
		size_t have = size > c->walk_off + offsetof(struct path_walk, buf)
				      ? size - c->walk_off - offsetof(struct path_walk, buf)
				      : 0;
		if (have && (w->state == PATH_WALK_COMPLETE || w->state == PATH_WALK_TRUNCATED))
			path_join_walk(w->buf, w->size < have ? w->size : have, w->parts, PATH_WALK_PART - 1,
				       w->state == PATH_WALK_TRUNCATED, (const char *)p, c->size - 1, buf, sizeof(buf));
		else
			chars(c, rec, buf, sizeof(buf));
		rec_col_str(c, buf);
		return;
	}
	unsigned long long u = 0;
	long long i = 0;
	switch (c->size) {
	case 1: u = *p, i = *(const signed char *)p; break;
	case 2: u = *(const uint16_t *)p, i = *(const int16_t *)p; break;
	case 4: u = *(const uint32_t *)p, i = *(const int32_t *)p; break;
	default: u = *(const uint64_t *)p, i = *(const int64_t *)p; break;
	}
	/* A %d shows the field as the signed integer of its size (a u32 PID
	 * argument of -1 is -1), whatever its declared type. */
	struct colfmt f;
	colfmt_parse(c->fmt, &f);
	bool is_signed = c->kind == REC_SIGNED || f.conv == 'd' || f.conv == 'i';
	if (c->ret == REC_RET_VALUE && i < 0)
		i = -1;
	else if (c->ret == REC_RET_ERRNO)
		i = i < 0 ? -i : 0;
	if (c->name_of) {
		const char *name = c->name_of(is_signed ? (int)i : (int)u);
		if (name || !c->none)
			rec_col_str(c, name ?: "?");
		else
			rec_col_none(c, c->none);
		return;
	}
	if (c->none && (is_signed ? i < 0 : u == 0)) {
		rec_col_none(c, c->none);
		return;
	}
	if (c->since_first)
		u = less_first(c, u), i = (long long)u;
	put_number(c, i, u, is_signed);
}

bool record_fields(const struct record_column *cols, const void *rec, size_t size)
{
	if (!kept(cols, rec, size))
		return false;
	for (const struct record_column *c = cols; c->title; c++)
		if (shown(c) && (!c->below || output_mode == OUTPUT_JSON))
			field(c, rec, size);
	return true;
}

void record_row(const struct record_column *cols, const void *rec, size_t size)
{
	if (!record_fields(cols, rec, size))
		return;
	if (output_mode == OUTPUT_JSON) {
		rec_end();
		return;
	}
	rec_end();
	for (const struct record_column *c = cols; c->title; c++)
		if (shown(c) && c->below)
			field(c, rec, size);
	fflush(stdout);
}

void record_status(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vfprintf(record_header_out(), fmt, ap);
	va_end(ap);
	fputc('\n', record_header_out());
	fflush(stdout);
}

static struct json *row(void)
{
	if (!open_line) {
		json_init(&line, stdout, false);
		json_object(&line, NULL);
		open_line = true;
	}
	return &line;
}

void rec_str(const char *k, const char *fmt, const char *v)
{
	if (metrics_sink_on) {
		metrics_row_str(k, v);
		return;
	}
	if (output_mode != OUTPUT_JSON) {
		if (fmt)
			printf(fmt, v);
		return;
	}
	json_str(row(), k, v);
}

void rec_strn(const char *k, const char *fmt, const char *v, unsigned max)
{
	char buf[256];
	snprintf(buf, sizeof(buf), "%.*s", (int)(max < sizeof(buf) ? max : sizeof(buf) - 1), v);
	rec_str(k, fmt, buf);
}

void rec_bytes(const char *k, const void *v, size_t n)
{
	if (output_mode == OUTPUT_JSON)
		json_bytes(row(), k, v, n);
}

void rec_u64(const char *k, const char *fmt, unsigned long long v)
{
	if (metrics_sink_on) {
		metrics_row_num(k, (double)v);
		return;
	}
	if (output_mode != OUTPUT_JSON) {
		if (fmt)
			printf(fmt, v);
		return;
	}
	json_u64(row(), k, v);
}

void rec_i64(const char *k, const char *fmt, long long v)
{
	if (metrics_sink_on) {
		metrics_row_num(k, (double)v);
		return;
	}
	if (output_mode != OUTPUT_JSON) {
		if (fmt)
			printf(fmt, v);
		return;
	}
	json_i64(row(), k, v);
}

void rec_f64(const char *k, const char *fmt, double v)
{
	if (metrics_sink_on) {
		metrics_row_num(k, v);
		return;
	}
	if (output_mode != OUTPUT_JSON) {
		if (fmt)
			printf(fmt, v);
		return;
	}
	json_double(row(), k, "%.6f", v);
}

void rec_none(const char *k, const char *fmt, const char *text)
{
	if (metrics_sink_on)
		return;
	if (output_mode != OUTPUT_JSON) {
		if (fmt)
			printf(fmt, text);
		return;
	}
	json_null(row(), k);
}

void rec_bool(const char *k, bool v)
{
	if (output_mode == OUTPUT_JSON) {
		json_bool(row(), k, v);
	}
}

void rec_list(const char *k, const char *const *v, int n)
{
	if (output_mode != OUTPUT_JSON)
		return;
	struct json *j = row();
	json_array(j, k);
	for (int i = 0; i < n; i++)
		json_str(j, NULL, v[i]);
	json_close(j);
}

void rec_end(void)
{
	if (metrics_sink_on) {
		metrics_row_end();
		return;
	}
	if (output_mode == OUTPUT_JSON)
		json_line_end(row());
	else
		putchar('\n');
	open_line = false;
	csv_sep = false;
	fflush(stdout);
}
