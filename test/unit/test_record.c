/* core/record.c: the same rec_* calls give BCC's text columns, or one JSON
 * object per line with strings escaped, null, booleans and lists. */
#include "core/record.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "test/unit/check.h"

/* What fn writes on stdout. */
static void capture(void (*fn)(void), char *buf, size_t len)
{
	fflush(stdout);
	FILE *tmp = tmpfile();
	int saved = dup(1);
	dup2(fileno(tmp), 1);
	fn();
	fflush(stdout);
	dup2(saved, 1);
	close(saved);
	rewind(tmp);
	size_t n = fread(buf, 1, len - 1, tmp);
	buf[n] = 0;
	fclose(tmp);
}

static void row(void)
{
	static const char *const frames[] = { "leaf", "main" };
	rec_str("comm", "%-6s|", "a\"b\\c\n");
	rec_u64("pid", "%-5llu|", 42);
	rec_i64("ret", "%3lld|", -2);
	rec_none("ppid", "%s|", "?");
	rec_f64("age_s", "%.2f|", 0.5);
	rec_strn("pcomm", "%s", "0123456789abcdefXYZ", 16);
	rec_bool("core_dumped", true);
	rec_list("user_stack", frames, 2);
	rec_end();
}

/* A column table: fields by type and conversion, derived header widths
 * and keys, scale, since_first, none, ret, name_of, when/unless, contains
 * and a row below. */
struct ev {
	unsigned long long ts;
	unsigned pid;
	int ret;
	unsigned tpid;
	int cap;
	char comm[4]; /* not NUL-terminated */
};
static bool yes = true, no;
static const char *want = "ab";
static const char *name_of(int v)
{
	return v == 1 ? "ONE" : NULL;
}
static void below(const struct record_column *c, const void *rec, size_t size)
{
	if (output_mode == OUTPUT_JSON)
		rec_bool("below", true);
	else
		printf("  under\n");
}
static const struct record_column cols[] = {
	COL(struct ev, ts, "TIME(ms)", "%-8.1f ", .scale = 1e6, .since_first = true),
	COL(struct ev, pid, "PID", "%-5u ", .none = "?"),
	COL(struct ev, comm, "COMM", "%-4s ", .contains = &want),
	COL(struct ev, ret, "FD", "%3d ", .ret = REC_RET_VALUE),
	COL(struct ev, ret, "ERR", "%3d ", .ret = REC_RET_ERRNO),
	COL(struct ev, tpid, "TPID", "%-4d "),
	COL(struct ev, cap, "NAME", "%-4s ", .name_of = name_of),
	COL(struct ev, cap, "NO", "%d", .when = &no),
	COL(struct ev, cap, "HIT%", "%2d", .unless = &no, .hfmt = "%-5s"),
	COL_CALL("BELOW", "", below, .below = true, .when = &yes),
	{ 0 },
};
static const struct ev evs[] = {
	{ 5000000, 7, 3, 9, 1, "abcd" },
	{ 7500000, 0, -2, (unsigned)-1, 2, "xyz" },
	{ 8000000, 8, -13, 1, 1, "zab" },
};
static void table_header(void)
{
	record_header(cols);
}
static void table_rows(void)
{
	for (size_t i = 0; i < sizeof(evs) / sizeof(evs[0]); i++)
		record_row(cols, &evs[i], sizeof(evs[i]));
}

struct inet_ev {
	unsigned short family;
	unsigned char addr[16];
};
static const struct record_column inet_cols[] = {
	COL_INET(struct inet_ev, addr, family, "ADDR", "%-10s "),
	{ 0 },
};
static void inet_rows(void)
{
	static const struct inet_ev evs[] = {
		{ AF_INET, { 127, 0, 0, 1 } },
		{ AF_INET6, { [15] = 1 } },
		{ AF_INET6, { [10] = 0xff, 0xff, 10, 1, 2, 3 } }, /* IPv4-mapped */
		{ 99, { 1 } },
	};
	for (size_t i = 0; i < sizeof(evs) / sizeof(evs[0]); i++)
		record_row(inet_cols, &evs[i], sizeof(evs[i]));
}

static void empty(void)
{
	rec_end();
}

int main(void)
{
	char out[512];

	output_mode = OUTPUT_TEXT;
	capture(row, out, sizeof(out));
	CHECK(!strcmp(out, "a\"b\\c\n|42   | -2|?|0.50|0123456789abcdef\n"), "text: '%s'", out);
	CHECK(record_header_out() == stdout, "text: the header goes to stdout");

	output_mode = OUTPUT_JSON;
	capture(row, out, sizeof(out));
	CHECK(!strcmp(out, "{\"comm\": \"a\\\"b\\\\c\\n\", \"pid\": 42, \"ret\": -2, \"ppid\": null, \"age_s\": 0.500000, "
			   "\"pcomm\": \"0123456789abcdef\", \"core_dumped\": true, \"user_stack\": [\"leaf\", \"main\"]}\n"),
	      "json: '%s'", out);
	capture(empty, out, sizeof(out));
	CHECK(!strcmp(out, "{}\n"), "json, no fields: '%s'", out);
	capture(row, out, sizeof(out));
	CHECK(!strncmp(out, "{\"comm\"", 7), "json: each object starts afresh: '%s'", out);
	CHECK(record_header_out() == stderr, "json: the header goes to stderr");

	output_mode = OUTPUT_TEXT;
	capture(inet_rows, out, sizeof(out));
	CHECK(!strcmp(out, "127.0.0.1  \n::1        \n10.1.2.3   \n?          \n"), "inet columns: '%s'", out);
	fflush(stderr);
	capture(table_header, out, sizeof(out));
	CHECK(!strcmp(out, "TIME(ms) PID   COMM  FD ERR TPID NAME HIT% \n"), "table header: '%s'", out);
	capture(table_rows, out, sizeof(out));
	CHECK(!strcmp(out, "0.0      7     abcd   3   0 9    ONE   1\n  under\n"
			   "3.0      8     zab   -1  13 1    ONE   1\n  under\n"),
	      "table rows (the second left out by COMM): '%s'", out);
	want = NULL;
	output_mode = OUTPUT_JSON;
	capture(table_rows, out, sizeof(out));
	CHECK(strstr(out, "{\"time_ms\": 2.500000, \"pid\": null, \"comm\": \"xyz\", \"fd\": -1, \"err\": 2, "
			  "\"tpid\": -1, \"name\": \"?\", \"hit_pct\": 2, \"below\": true}\n"),
	      "table json: '%s'", out);

	/* -s (tcplife, tcpstates): no widths, a float's precision kept, the
	 * header's titles and each row's values separated by commas. */
	output_mode = OUTPUT_TEXT;
	record_csv = true;
	want = NULL;
	capture(table_header, out, sizeof(out));
	CHECK(!strcmp(out, "TIME(ms),PID,COMM,FD,ERR,TPID,NAME,HIT%\n"), "csv header: '%s'", out);
	capture(table_rows, out, sizeof(out));
	CHECK(!strncmp(out, "0.0,7,abcd,3,0,9,ONE,1\n  under\n2.5,?,xyz,-1,2,-1,?,2\n", 40), "csv rows: '%s'", out);
	capture(inet_rows, out, sizeof(out));
	CHECK(!strcmp(out, "127.0.0.1\n::1\n10.1.2.3\n?\n"), "csv inet: '%s'", out);
	record_csv = false;

	if (failures)
		printf("%d failures\n", failures);
	else
		printf("record: text and JSON rows as expected\n");
	return failures != 0;
}
