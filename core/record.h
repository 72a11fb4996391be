/* An event tool's output line: the columns BCC prints, or with -j one JSON
 * object per event, its keys the columns' names (lower case).  A tool
 * prints its header to record_header_out(), gives each column to a rec_*
 * call in order, and ends the line with rec_end. */
#ifndef BPFKIT_CORE_RECORD_H
#define BPFKIT_CORE_RECORD_H
#include "core/output.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Where the column header goes: stdout, or with -j or -f stderr (stdout stays
 * pure JSON or stacks; the header still says the tool is tracing). */
FILE *record_header_out(void);
/* An event record's columns as data: the header and every row come from
 * one table, so a tool says once what each column is.  A column shows a
 * field of the record (COL), the time (COL_TIME, COL_ELAPSED) or what a
 * function of the tool makes of the record (COL_CALL); a { 0 } ends the
 * table.
 *
 * fmt is the value's printf conversion with the text around it ("%-7u ",
 * "%-7.2f ", "%-16s "): its conversion says how the value is shown (d, i:
 * signed; u, x, o: unsigned; f, e, g: the value as a double; s: the
 * field's characters), whatever the field's own type, and length modifiers
 * are not needed.  A '*' width is BCC's PID width (output_pid_width()).
 * The header shows the title in the same width and alignment, unless hfmt
 * says otherwise; the JSON key is the title in lower case with "(s)" as
 * "_s", '%' as "pct" and spaces as '_' ("AGE(s)": "age_s"), unless key
 * says otherwise. */
enum record_kind {
	REC_UNSIGNED, /* an unsigned integer field of the record */
	REC_SIGNED,   /* a signed integer field */
	REC_CHARS,    /* a char array, not always NUL-terminated (a comm) */
	REC_TIME,     /* the wall clock, HH:MM:SS (.ms: HH:MM:SS.mmm; *.utc: UTC) */
	REC_TEXT,     /* the same text on every row: *.text */
	REC_ELAPSED,  /* seconds since the header (BCC's TIME(s)) */
	REC_PATH,     /* a name and its directories' struct path_walk (COL_PATH) */
	REC_INET,     /* an address of a family field (COL_INET, core/inet.h) */
	REC_CALL,     /* .call prints it */
};
/* A syscall's return value as BCC splits it into two columns. */
enum record_ret { REC_RET_NONE, REC_RET_VALUE /* or -1 */, REC_RET_ERRNO /* or 0 */ };
struct record_column {
	const char *title, *fmt;
	const bool *when, *unless; /* shown only when *when, only unless *unless */
	enum record_kind kind;
	unsigned short off, size; /* the field's, in the record */
	const char *hfmt, *key;
	double scale;	  /* the value divided by it (ns to ms: 1e6) */
	bool since_first; /* the value less the first record's (timestamps) */
	/* An unknown value (an unsigned 0, a negative signed value): shown as
	 * this text, JSON null. */
	const char *none;
	const char *const *text; /* REC_TEXT's */
	unsigned short walk_off; /* REC_PATH's struct path_walk */
	unsigned short family_off, family_size; /* REC_INET's family field */
	/* core/tcptext.h's ADDR:PORT columns: the port field (host order),
	 * and its JSON key next to the address's. */
	unsigned short port_off;
	const char *port_key;
	enum record_ret ret;
	/* Rows whose text in this column does not contain *contains (when
	 * set) are not shown (opensnoop -n). */
	const char *const *contains;
	const bool *utc;	 /* REC_TIME's */
	bool ms;
	/* An integer field shown by name (a capability, a TCP state); NULL
	 * from it: .none, or the number. */
	const char *(*name_of)(int value);
	/* REC_CALL: prints the column with the rec_col_* calls below (or
	 * several JSON keys with rec_*).  With .below the text goes on lines
	 * of its own under the row (a stack), JSON's in the row's object. */
	void (*call)(const struct record_column *c, const void *rec, size_t size);
	bool below;
};

#define RECORD_KIND_OF(x)                                                                      \
	_Generic((x), char *: REC_CHARS, const char *: REC_CHARS, signed char: REC_SIGNED, short: REC_SIGNED, \
		 int: REC_SIGNED, long: REC_SIGNED, long long: REC_SIGNED, default: REC_UNSIGNED)
/* The field `field` of record type T: COL(struct kill_event, pid, "PID", "%-*u "). */
#define COL(T, field, title_, fmt_, ...)                                                        \
	{ .title = (title_), .fmt = (fmt_), .kind = RECORD_KIND_OF(((T *)0)->field),             \
	  .off = offsetof(T, field), .size = sizeof(((T *)0)->field), __VA_ARGS__ }
/* A name (char array) of T, joined to the directories a BPF program read
 * into T's struct path_walk (probes/lib/pathwalk.h), when it did. */
#define COL_PATH(T, name, walk, title_, fmt_, ...)                                                 \
	{ .title = (title_), .fmt = (fmt_), .kind = REC_PATH, .off = offsetof(T, name),            \
	  .size = sizeof(((T *)0)->name), .walk_off = offsetof(T, walk), __VA_ARGS__ }
/* An address field of T (4 or 16 bytes) of the family in T's field family
 * (AF_INET, AF_INET6), as text: COL_INET(struct ev, daddr, family, "DADDR",
 * "%-16s"). */
#define COL_INET(T, addr, family, title_, fmt_, ...)                                              \
	{ .title = (title_), .fmt = (fmt_), .kind = REC_INET, .off = offsetof(T, addr),            \
	  .size = sizeof(((T *)0)->addr), .family_off = offsetof(T, family),                      \
	  .family_size = sizeof(((T *)0)->family), __VA_ARGS__ }
/* BCC's PID and COMM columns, a task's number (pid_field, in pid_fmt) and
 * the struct's comm. */
#define COL_TASK(T, pid_field, pid_fmt) COL(T, pid_field, "PID", pid_fmt), COL(T, comm, "COMM", "%-16s ")
#define COL_TIME(title_, fmt_, ...) { .title = (title_), .fmt = (fmt_), .kind = REC_TIME, .key = "time", __VA_ARGS__ }
#define COL_TEXT(title_, fmt_, text_, ...) { .title = (title_), .fmt = (fmt_), .kind = REC_TEXT, .text = (text_), __VA_ARGS__ }
#define COL_ELAPSED(title_, fmt_, ...) { .title = (title_), .fmt = (fmt_), .kind = REC_ELAPSED, __VA_ARGS__ }
#define COL_CALL(title_, fmt_, fn, ...) { .title = (title_), .fmt = (fmt_), .kind = REC_CALL, .call = (fn), __VA_ARGS__ }

/* BCC's -s (tcplife, tcpstates): header and rows as comma-separated
 * values, each column's value without its width (a float keeps its
 * precision).  Not with -j. */
extern bool record_csv;

/* The header line on record_header_out() (and the start of REC_ELAPSED's
 * clock). */
void record_header(const struct record_column *cols);
/* A record's row, unless a column's filter leaves it out: its columns,
 * then the line's end (record_fields: the columns only, for a tool that
 * adds to the row; true when it is shown). */
void record_row(const struct record_column *cols, const void *rec, size_t size);
bool record_fields(const struct record_column *cols, const void *rec, size_t size);
/* A column's key (buf: for a derived one). */
const char *record_key(const struct record_column *c, char buf[32]);
/* A REC_CALL column's value, in its fmt under its key. */
void rec_col_str(const struct record_column *c, const char *v);
void rec_col_u64(const struct record_column *c, unsigned long long v);
void rec_col_i64(const struct record_column *c, long long v);
void rec_col_f64(const struct record_column *c, double v);
void rec_col_none(const struct record_column *c, const char *text);

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
/* JSON only: n bytes of data as a string, invalid UTF-8 as Python's
 * surrogateescape (\udcXX) and NULs kept. */
void rec_bytes(const char *key, const void *v, size_t n);
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
