/* The one JSON writer (histo/json.h): separators in both styles, nesting,
 * Python's escapes, bounded strings, invalid UTF-8, and what it does past
 * its depth. */
#include "histo/json.h"
#include "test/unit/check.h"

#include <stdlib.h>
#include <string.h>

static char *buf;
static size_t len;

static struct json *start(struct json *j, bool compact)
{
	FILE *f = open_memstream(&buf, &len);
	json_init(j, f, compact);
	return j;
}

static void expect(struct json *j, const char *want)
{
	fclose(j->out);
	CHECK(!strcmp(buf, want), "wrote\n  %s\nwant\n  %s", buf, want);
	free(buf);
}

int main(void)
{
	struct json j;

	start(&j, false);
	json_object(&j, NULL);
	json_str(&j, "a", "x");
	json_u64(&j, "n", 18446744073709551615ull);
	json_i64(&j, "m", -5);
	json_array(&j, "l");
	json_object(&j, NULL);
	json_close(&j);
	json_bool(&j, NULL, true);
	json_null(&j, NULL);
	json_close(&j);
	json_double(&j, "t", "%.6f", 1.5);
	json_raw(&j, "r", "0x10");
	json_line_end(&j);
	expect(&j, "{\"a\": \"x\", \"n\": 18446744073709551615, \"m\": -5, \"l\": [{}, true, null], \"t\": 1.500000, "
		   "\"r\": 0x10}\n");

	/* Compact, and two lines from one writer: the second starts afresh. */
	start(&j, true);
	json_object(&j, NULL);
	json_array(&j, "f");
	json_u64(&j, NULL, 1);
	json_u64(&j, NULL, 2);
	json_line_end(&j);
	json_object(&j, NULL);
	json_line_end(&j);
	expect(&j, "{\"f\":[1,2]}\n{}\n");

	/* As json.dumps(): control characters, quotes, non-ASCII as \u, an
	 * astral character as a surrogate pair, a stray byte as U+DC00+byte. */
	start(&j, false);
	json_str(&j, NULL, "q\"\\\n\t\x01 \xc3\xa9 \xf0\x9f\x98\x80 \xff");
	json_line_end(&j);
	expect(&j, "\"q\\\"\\\\\\n\\t\\u0001 \\u00e9 \\ud83d\\ude00 \\udcff\"\n");

	/* A full comm is not NUL-terminated; a sequence cut by the bound is
	 * a stray byte, not a read past it. */
	start(&j, false);
	char comm[4] = { 'a', 'b', 'c', 'd' };
	json_strn(&j, NULL, comm, sizeof(comm));
	char cut[3] = { 'x', '\xc3', '\xa9' };
	json_strn(&j, NULL, cut, 2);
	json_line_end(&j);
	expect(&j, "\"abcd\", \"x\\udcc3\"\n");

	/* Deeper than JSON_MAX_DEPTH: not opened, and every bracket closes. */
	start(&j, true);
	for (int i = 0; i < JSON_MAX_DEPTH + 4; i++)
		json_array(&j, NULL);
	json_line_end(&j);
	fclose(j.out);
	int open = 0, close = 0;
	for (char *p = buf; *p; p++)
		open += *p == '[', close += *p == ']';
	CHECK(open == JSON_MAX_DEPTH - 1, "%d arrays opened", open);
	CHECK(close == open, "%d of %d closed", close, open);
	free(buf);

	if (!failures)
		printf("json: all checks passed\n");
	return failures ? 1 : 0;
}
