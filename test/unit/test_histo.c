/*
 * histo/ against text printed by Python BCC's own table.py.
 *
 * The expected outputs in data/histo_cases.h are produced by running the
 * unmodified functions of iovisor/bcc src/python/bcc/table.py (see
 * data/histo_gen.py), never by this C code, so any byte of drift from BCC
 * fails here.  To regenerate after changing cases:
 *   python3 test/unit/data/histo_gen.py <bcc>/src/python/bcc/table.py <commit> \
 *       > test/unit/data/histo_cases.h
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* open_memstream */
#endif
#include "../../histo/histo.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

enum hk { HK_LOG2, HK_LINEAR, HK_JSON, HK_STARS };

struct hsec {
	const char *label;		/* NULL: plain, un-sectioned histogram */
	const uint64_t *vals;
	int n;
};

struct hcase {
	const char *name;
	enum hk kind;
	const char *val_type;
	bool strip;
	const char *section_header;
	const struct hsec *secs;
	int nsecs;
	const char *ts;			/* HK_JSON */
	uint64_t val, val_max;		/* HK_STARS */
	int width;			/* HK_STARS */
	const char *expected;
};

#include "data/histo_cases.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static int failures;

/* One line, escaped so that trailing blanks and control bytes are visible. */
static void show_line(const char *tag, const char *s, size_t len)
{
	size_t i;

	fprintf(stderr, "  %s \"", tag);
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '\\' || c == '"')
			fprintf(stderr, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", stderr);
		else if (c < 0x20 || c >= 0x7f)
			fprintf(stderr, "\\x%02x", c);
		else
			fputc(c, stderr);
	}
	fputs("\"\n", stderr);
}

static size_t line_len(const char *s, const char *end)
{
	const char *nl = memchr(s, '\n', (size_t)(end - s));

	return nl ? (size_t)(nl - s) + 1 : (size_t)(end - s);
}

/* Report the first differing line of want vs got; return true if equal. */
static bool same_text(const char *what, const char *want, const char *got,
		      size_t got_len)
{
	size_t want_len = strlen(want);
	const char *w = want, *g = got, *we = want + want_len, *ge = got + got_len;
	int line = 1;

	if (want_len == got_len && memcmp(want, got, got_len) == 0)
		return true;

	failures++;
	while (w < we && g < ge) {
		size_t wl = line_len(w, we), gl = line_len(g, ge);

		if (wl != gl || memcmp(w, g, wl) != 0)
			break;
		w += wl;
		g += gl;
		line++;
	}
	fprintf(stderr, "FAIL %s: first difference at line %d (byte %zu)\n",
		what, line, (size_t)(w - want));
	if (w < we)
		show_line("want:", w, line_len(w, we));
	else
		fputs("  want: <end of output>\n", stderr);
	if (g < ge)
		show_line("got: ", g, line_len(g, ge));
	else
		fputs("  got:  <end of output>\n", stderr);
	return false;
}

static void run_case(const struct hcase *c)
{
	char *buf = NULL, what[160];
	size_t len = 0;
	FILE *out;
	int s;

	if (c->kind == HK_STARS) {
		char stars[64];
		size_t n = histo_stars(stars, sizeof(stars), c->val, c->val_max,
				       c->width);

		snprintf(what, sizeof(what), "stars(%" PRIu64 ", %" PRIu64 ", %d)",
			 c->val, c->val_max, c->width);
		if (same_text(what, c->expected, stars, strlen(stars)) &&
		    n != strlen(c->expected)) {
			failures++;
			fprintf(stderr, "FAIL %s: returned length %zu, want %zu\n",
				what, n, strlen(c->expected));
		}
		return;
	}

	out = open_memstream(&buf, &len);
	if (!out) {
		perror("open_memstream");
		exit(2);
	}
	for (s = 0; s < c->nsecs; s++) {
		const struct hsec *sec = &c->secs[s];
		const char *hdr = sec->label ? c->section_header : NULL;

		switch (c->kind) {
		case HK_LOG2:
			if (hdr)
				histo_print_log2_section(out, hdr, sec->label, sec->vals,
							 sec->n, c->val_type, c->strip);
			else
				histo_print_log2(out, sec->vals, sec->n, c->val_type,
						 c->strip);
			break;
		case HK_LINEAR:
			if (hdr)
				histo_print_linear_section(out, hdr, sec->label, sec->vals,
							   sec->n, c->val_type, c->strip);
			else if (c->strip)
				histo_print_linear_ex(out, sec->vals, sec->n, c->val_type,
						      true);
			else
				histo_print_linear(out, sec->vals, sec->n, c->val_type);
			break;
		case HK_JSON:
			histo_json_log2(out, sec->vals, sec->n, c->val_type, hdr,
					sec->label, c->ts);
			break;
		case HK_STARS:
			break;
		}
	}
	fclose(out);
	same_text(c->name, c->expected, buf, len);
	free(buf);
}

static void check_slots(void)
{
	size_t i;
	int k;

	for (i = 0; i < ARRAY_SIZE(histo_slot_cases); i++) {
		uint64_t v = histo_slot_cases[i][0];
		int want = (int)histo_slot_cases[i][1];
		int got = histo_log2_slot(v);

		if (got != want) {
			failures++;
			fprintf(stderr, "FAIL histo_log2_slot(%" PRIu64 ") = %d, want %d\n",
				v, got, want);
		}
	}

	/*
	 * Whatever lands in slot k must be inside the row printed for slot k:
	 * print a one-count histogram per slot and read the range back.
	 */
	for (k = 0; k < HISTO_LOG2_MAX_SLOTS; k++) {
		uint64_t slots[HISTO_LOG2_MAX_SLOTS] = {0}, lo, hi;
		char line[256];
		FILE *f = tmpfile();

		if (!f) {
			perror("tmpfile");
			exit(2);
		}
		slots[k] = 1;
		histo_print_log2(f, slots, HISTO_LOG2_MAX_SLOTS, "v", false);
		rewind(f);
		while (fgets(line, sizeof(line), f))
			;	/* last row is slot k */
		fclose(f);
		if (sscanf(line, "%" SCNu64 " -> %" SCNu64, &lo, &hi) != 2 ||
		    histo_log2_slot(lo) != k || histo_log2_slot(hi) != k ||
		    (k > 0 && histo_log2_slot(lo - 1) != k - 1) ||
		    (k < 63 && histo_log2_slot(hi + 1) != k + 1)) {
			failures++;
			fprintf(stderr, "FAIL slot %d row does not match histo_log2_slot: %s",
				k, line);
		}
	}
}

/* Behaviour outside what Python can express: held to our own contract. */
static void check_edges(void)
{
	uint64_t big[70] = {0}, clamped[64] = {0};
	char *a = NULL, *b = NULL;
	size_t alen = 0, blen = 0;
	FILE *fa, *fb;

	/* slots past 63 cannot hold a u64 value; they are ignored */
	big[5] = clamped[5] = 3;
	big[63] = clamped[63] = 1;
	big[64] = big[69] = 1000;
	fa = open_memstream(&a, &alen);
	fb = open_memstream(&b, &blen);
	histo_print_log2(fa, big, 70, "v", false);
	histo_json_log2(fa, big, 70, "v", NULL, NULL, NULL);
	histo_print_log2(fb, clamped, 64, "v", false);
	histo_json_log2(fb, clamped, 64, "v", NULL, NULL, NULL);
	fclose(fa);
	fclose(fb);
	same_text("edge: nslots > 64 clamps", b, a, alen);
	free(a);
	free(b);

	/* NULL / empty inputs print nothing, NULL val_type is Python's default */
	a = NULL;
	fa = open_memstream(&a, &alen);
	histo_print_log2(fa, NULL, 10, "v", false);
	histo_print_log2(fa, big, 0, "v", true);
	histo_print_log2(fa, big, -1, "v", true);
	histo_print_linear(fa, NULL, 3, "v");
	histo_print_linear(fa, big, -4, "v");
	histo_print_log2(fa, clamped, 1 + 5, NULL, true);
	fclose(fa);
	same_text("edge: NULL/empty inputs", "     value               : count     distribution\n"
		  "        32 -> 63         : 3        |****************************************|\n",
		  a, alen);
	free(a);
}

/* libbpf-tools' print_linear_hist (cpufreq's): rows named base + i*step,
 * zero rows skipped between the first and the last; JSON intervals of a
 * step's width. */
static void check_linear_step(void)
{
	uint64_t v[26] = { 0 };
	char *a = NULL;
	size_t alen = 0;
	FILE *fa;
	v[6] = 10;
	v[9] = 40;
	fa = open_memstream(&a, &alen);
	histo_print_linear_step(fa, v, 26, 0, 200, "syswide");
	histo_json_linear_step(fa, v, 8, 0, 200, "MHz", NULL, NULL, NULL);
	histo_print_linear_step(fa, v, 6, 0, 200, "none");
	fclose(fa);
	same_text("linear step",
		  "     syswide       : count     distribution\n"
		  "        1200       : 10       |**********                              |\n"
		  "        1800       : 40       |****************************************|\n"
		  "{\"val_type\": \"MHz\", \"data\": [{\"interval-start\": 0, \"interval-end\": 199, \"count\": 0}, "
		  "{\"interval-start\": 200, \"interval-end\": 399, \"count\": 0}, "
		  "{\"interval-start\": 400, \"interval-end\": 599, \"count\": 0}, "
		  "{\"interval-start\": 600, \"interval-end\": 799, \"count\": 0}, "
		  "{\"interval-start\": 800, \"interval-end\": 999, \"count\": 0}, "
		  "{\"interval-start\": 1000, \"interval-end\": 1199, \"count\": 0}, "
		  "{\"interval-start\": 1200, \"interval-end\": 1399, \"count\": 10}]}\n",
		  a, alen);
	free(a);
}

int main(void)
{
	size_t i, n = ARRAY_SIZE(histo_cases);

	for (i = 0; i < n; i++)
		run_case(&histo_cases[i]);
	check_slots();
	check_edges();
	check_linear_step();

	if (failures) {
		fprintf(stderr, "test_histo: %d failure(s)\n", failures);
		return 1;
	}
	printf("test_histo: %zu Python-derived cases + slot/edge checks OK\n", n);
	return 0;
}
