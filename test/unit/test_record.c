/* core/record.c: the same rec_* calls give BCC's text columns, or one JSON
 * object per line with strings escaped, null, booleans and lists. */
#include "core/record.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

	if (failures)
		printf("%d failures\n", failures);
	else
		printf("record: text and JSON rows as expected\n");
	return failures != 0;
}
