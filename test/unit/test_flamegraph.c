/* Flame graph SVG: well-formed, one frame per distinct path prefix, widths
 * proportional to counts, names escaped, titles with counts for hover; a
 * stack of 200,000 frames (recursion crashed at about 65,000). */
#include "core/stacks/flamegraph.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test/unit/check.h"

/* By hand: under ASan each strstr() measures the whole haystack, which
 * over a 36 MB graph is quadratic. */
static int count(const char *hay, const char *needle)
{
	int n = 0;
	size_t len = strlen(needle);
	for (const char *p = hay; *p; p++)
		n += *p == needle[0] && !strncmp(p, needle, len);
	return n;
}

static double width_of(const char *svg, const char *title_start)
{
	const char *t = strstr(svg, title_start);
	const char *w = t ? strstr(t, "width=\"") : NULL;
	return w ? atof(w + 7) : -1;
}

int main(void)
{
	struct flamegraph *fg = flamegraph_new("test <graph>", "samples");
	flamegraph_add(fg, "main;a;x", 30);
	flamegraph_add(fg, "main;b", 10);
	flamegraph_add(fg, "main;a;y<T>", 60);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	CHECK(flamegraph_write(fg, f) == 0, "write");
	fclose(f);
	CHECK(!strncmp(buf, "<?xml", 5) && strstr(buf, "</svg>\n"), "envelope");
	/* all, main, a, b, x, y<T>: six frames. */
	CHECK(count(buf, "<g class=\"f\">") == 6, "frames: %d", count(buf, "<g class=\"f\">"));
	CHECK(strstr(buf, "<title>main (100 samples, 100.00%)</title>"), "main title");
	CHECK(strstr(buf, "<title>y&lt;T&gt; (60 samples, 60.00%)</title>"), "escaped title");
	CHECK(strstr(buf, "test &lt;graph&gt;"), "escaped graph title");
	CHECK(!strstr(buf, "y<T>"), "unescaped name leaked");
	double wa = width_of(buf, "<title>a (90"), wb = width_of(buf, "<title>b (10");
	CHECK(wa > 0 && wb > 0 && wa / wb > 8.9 && wa / wb < 9.1, "a/b width ratio %.2f", wa / wb);
	CHECK(count(buf, "<svg") == 1 && count(buf, "</g>") == 6, "balanced");
	free(buf);
	flamegraph_free(fg);

	/* An empty graph is still a valid SVG. */
	fg = flamegraph_new(NULL, NULL);
	f = open_memstream(&buf, &len);
	flamegraph_write(fg, f);
	fclose(f);
	CHECK(strstr(buf, "</svg>") && !strstr(buf, "<g class"), "empty");
	free(buf);
	flamegraph_free(fg);

	/* 200,000 frames, one stack, the deepest at the top of the SVG. */
	enum { DEEP = 200000 };
	char *deep = malloc(DEEP * 8);
	size_t at = 0;
	for (int i = 0; i < DEEP; i++)
		at += sprintf(deep + at, "%sf%d", i ? ";" : "", i % 1000);
	fg = flamegraph_new(NULL, NULL);
	CHECK(flamegraph_add(fg, deep, 7) == 0, "add a deep stack");
	f = open_memstream(&buf, &len);
	CHECK(flamegraph_write(fg, f) == 0, "write a deep stack");
	fclose(f);
	CHECK(count(buf, "<g class=\"f\">") == DEEP + 1, "deep frames: %d", count(buf, "<g class=\"f\">"));
	CHECK(strstr(buf, "<title>f999 (7 samples, 100.00%)</title><rect x=\"10.0\" y=\"50\""),
	      "the deepest frame is not at the top");
	printf("ok: a %d-frame stack: %zu bytes of SVG\n", DEEP, len);
	free(buf);
	free(deep);
	flamegraph_free(fg);
	printf("%d failures\n", failures);
	return failures != 0;
}
