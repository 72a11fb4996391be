#include "core/record.h"

#include <stdarg.h>
#include <stdio.h>

#include "histo/histo.h"
#include "histo/json.h"

static int fields; /* in the current JSON object */

FILE *record_header_out(void)
{
	return output_mode == OUTPUT_TEXT ? stdout : stderr;
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

static void key(const char *k)
{
	fputs(fields++ ? ", " : "{", stdout);
	json_write_string(stdout, k);
	fputs(": ", stdout);
}

void rec_str(const char *k, const char *fmt, const char *v)
{
	if (output_mode != OUTPUT_JSON) {
		if (fmt)
			printf(fmt, v);
		return;
	}
	key(k);
	json_write_string(stdout, v);
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
	key(k);
	printf("%llu", v);
}

void rec_i64(const char *k, const char *fmt, long long v)
{
	if (output_mode != OUTPUT_JSON) {
		if (fmt)
			printf(fmt, v);
		return;
	}
	key(k);
	printf("%lld", v);
}

void rec_f64(const char *k, const char *fmt, double v)
{
	if (output_mode != OUTPUT_JSON) {
		if (fmt)
			printf(fmt, v);
		return;
	}
	key(k);
	printf("%.6f", v);
}

void rec_none(const char *k, const char *fmt, const char *text)
{
	if (output_mode != OUTPUT_JSON) {
		if (fmt)
			printf(fmt, text);
		return;
	}
	key(k);
	fputs("null", stdout);
}

void rec_bool(const char *k, bool v)
{
	if (output_mode == OUTPUT_JSON) {
		key(k);
		fputs(v ? "true" : "false", stdout);
	}
}

void rec_list(const char *k, const char *const *v, int n)
{
	if (output_mode != OUTPUT_JSON)
		return;
	key(k);
	putchar('[');
	for (int i = 0; i < n; i++) {
		fputs(i ? ", " : "", stdout);
		json_write_string(stdout, v[i]);
	}
	putchar(']');
}

void rec_end(void)
{
	if (output_mode == OUTPUT_JSON)
		fputs(fields ? "}" : "{}", stdout);
	fields = 0;
	putchar('\n');
	fflush(stdout);
}
