#include "core/record.h"

#include <stdarg.h>
#include <stdio.h>

#include "histo/json.h"

/* The current line's object, opened by its first column. */
static struct json line;
static bool open_line;

FILE *record_header_out(void)
{
	return output_mode == OUTPUT_TEXT ? stdout : stderr;
}

void record_header(const struct record_column *cols)
{
	FILE *out = record_header_out();
	for (; cols->fmt; cols++)
		if (!cols->when || *cols->when)
			fprintf(out, cols->fmt, cols->title);
	fputc('\n', out);
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

void rec_u64(const char *k, const char *fmt, unsigned long long v)
{
	if (output_mode != OUTPUT_JSON) {
		if (fmt)
			printf(fmt, v);
		return;
	}
	json_u64(row(), k, v);
}

void rec_i64(const char *k, const char *fmt, long long v)
{
	if (output_mode != OUTPUT_JSON) {
		if (fmt)
			printf(fmt, v);
		return;
	}
	json_i64(row(), k, v);
}

void rec_f64(const char *k, const char *fmt, double v)
{
	if (output_mode != OUTPUT_JSON) {
		if (fmt)
			printf(fmt, v);
		return;
	}
	json_double(row(), k, "%.6f", v);
}

void rec_none(const char *k, const char *fmt, const char *text)
{
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
	if (output_mode == OUTPUT_JSON)
		json_line_end(row());
	else
		putchar('\n');
	open_line = false;
	fflush(stdout);
}
