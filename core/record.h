/* An event tool's output line: the columns BCC prints, or with -j one JSON
 * object per event, its keys the columns' names (lower case).  A tool
 * prints its header to record_header_out(), gives each column to a rec_*
 * call in order, and ends the line with rec_end. */
#ifndef BPFKIT_CORE_RECORD_H
#define BPFKIT_CORE_RECORD_H
#include "core/output.h"

#include <stdbool.h>
#include <stdio.h>

/* Where the column header goes: stdout, or with -j or -f stderr (stdout stays
 * pure JSON or stacks; the header still says the tool is tracing). */
FILE *record_header_out(void);
/* A column header as data: each title in its printf format, the optional
 * ones only when *when is true; a { 0 } ends the table. */
struct record_column {
	const char *fmt, *title;
	const bool *when;
};
/* The header line on record_header_out(). */
void record_header(const struct record_column *cols);

/* The status line a tool prints once it is tracing ("Tracing... Hit Ctrl-C
 * to end."): a line on record_header_out(), flushed. */
void record_status(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* fmt is the column's printf format in text; it takes the value's type
 * (const char *, unsigned long long, long long, double).  A NULL fmt: a key
 * only JSON has (the time of each row, a number the text folds into a
 * string of its own making). */
void rec_str(const char *key, const char *fmt, const char *v);
/* A string of at most max bytes, not always NUL-terminated (a comm). */
void rec_strn(const char *key, const char *fmt, const char *v, unsigned max);
void rec_u64(const char *key, const char *fmt, unsigned long long v);
void rec_i64(const char *key, const char *fmt, long long v);
void rec_f64(const char *key, const char *fmt, double v);
/* A value BCC shows as text ("?") where there is none: JSON null. */
void rec_none(const char *key, const char *fmt, const char *text);
/* JSON only: what the text shows inside a column of its own making. */
void rec_bool(const char *key, bool v);
void rec_list(const char *key, const char *const *v, int n); /* strings */
void rec_end(void);

/* The -j option, for a tool's argp options. */
#define RECORD_JSON_OPTION { "json", 'j', NULL, 0, "One JSON object per event (keys: the column names)", 0 }

#endif
