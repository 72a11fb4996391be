/*
 * Histogram printing, byte-identical to Python BCC's table.py.
 * See histo.h for the slot convention and the fidelity notes.
 */
#include "histo.h"
#include "json.h"

#include <inttypes.h>
#include <string.h>

int histo_log2_slot(uint64_t v)
{
	/* 0 and 1 share slot 0, as bpf code using log2l() produces */
	if (v < 2)
		return 0;
	return 63 - __builtin_clzll(v);
}

/*
 * Python 3 computes the star count as the number of i in [0, width) with
 * i <= width * val / val_max - 1, where the division is a correctly rounded
 * float.  Exact integer floor division is off by one whenever the true
 * quotient lies within half an ulp below an integer, which happens with
 * counts beyond ~2^47.  So: take the exact floor q, then bump it if rounding
 * to nearest-even would reach q + 1.
 */
static uint64_t py_star_quotient(uint64_t val, uint64_t val_max, int width)
{
	unsigned __int128 num, q, r, deficit;
	uint64_t m;
	int e, shift;

	num = (unsigned __int128)(uint64_t)width * val;
	q = num / val_max;
	r = num % val_max;
	if (q >= (unsigned __int128)width)
		return (uint64_t)width;
	if (r == 0)
		return (uint64_t)q;

	/*
	 * m = q + 1 is a small integer, exactly representable; the double just
	 * below it is m - 2^(e-52), or m - 2^(e-53) when m is a power of two
	 * (e = floor(log2 m)).  The quotient rounds up to m iff it is no
	 * further below m than half that gap; a tie goes to m, whose mantissa
	 * is even.  Compare (m - num/val_max) <= 2^(e-53|54) without division.
	 */
	m = (uint64_t)q + 1;
	e = 63 - __builtin_clzll(m);
	shift = ((m & (m - 1)) == 0 ? 54 : 53) - e;
	deficit = (unsigned __int128)(val_max - (uint64_t)r) << shift;
	if (deficit <= val_max)
		q++;
	return (uint64_t)q;
}

size_t histo_stars(char *buf, size_t bufsz, uint64_t val, uint64_t val_max,
		   int width)
{
	size_t n = 0, i;
	bool plus = val > val_max;

	if (width > 0 && val_max > 0)
		n = (size_t)py_star_quotient(val, val_max, width);
	/* text[:-1] + "+": the marker replaces the last star, if any */
	if (plus && n > 0)
		n--;
	if (buf && bufsz > 0) {
		for (i = 0; i < n && i < bufsz - 1; i++)
			buf[i] = '*';
		if (plus && i < bufsz - 1)
			buf[i++] = '+';
		buf[i] = '\0';
	}
	return n + (plus ? 1 : 0);
}

/* "%-*s" as Python does it: width counts characters, not bytes. */
static void put_padded(FILE *out, const char *s, int width)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + strlen(s);
	uint32_t cp;
	int chars = 0;

	while (p < end) {
		p += json_utf8_next(p, (size_t)(end - p), &cp);
		chars++;
	}
	fputs(s, out);
	for (; chars < width; chars++)
		fputc(' ', out);
}

static void put_row_stars(FILE *out, uint64_t val, uint64_t val_max, int width)
{
	char stars[HISTO_STARS_MAX + 2];

	histo_stars(stars, sizeof(stars), val, val_max, width);
	fprintf(out, "|%-*s|\n", width, stars);
}

/* Python index i = slot + 1; its row is [(1<<i)>>1, (1<<i)-1], "0 -> 1" first. */
static uint64_t slot_low(int slot)
{
	return slot == 0 ? 0 : (uint64_t)1 << slot;
}

static uint64_t slot_high(int slot)
{
	return slot == 63 ? UINT64_MAX : ((uint64_t)2 << slot) - 1;
}

void histo_print_log2(FILE *out, const uint64_t *slots, int nslots,
		      const char *val_type, bool strip_leading_zero)
{
	uint64_t val_max = 0;
	int top = -1, k, stars;
	bool wide;

	if (!out || !slots || nslots <= 0)
		return;
	if (nslots > HISTO_LOG2_MAX_SLOTS)
		nslots = HISTO_LOG2_MAX_SLOTS;
	if (!val_type)
		val_type = "value";

	for (k = 0; k < nslots; k++) {
		if (slots[k] > 0)
			top = k;
		if (slots[k] > val_max)
			val_max = slots[k];
	}
	if (top < 0)
		return;

	/* Python switches layout on idx_max > 32, i.e. top slot > 31 */
	wide = top + 1 > 32;
	stars = wide ? HISTO_STARS_MAX / 2 : HISTO_STARS_MAX;
	fputs(wide ? "               " : "     ", out);
	put_padded(out, val_type, wide ? 29 : 19);
	fputs(" : count     distribution\n", out);

	for (k = 0; k <= top; k++) {
		uint64_t val = slots[k];

		if (strip_leading_zero) {
			if (!val)
				continue;
			strip_leading_zero = false;
		}
		if (wide)
			fprintf(out, "%20" PRIu64 " -> %-20" PRIu64 " : %-8" PRIu64 " ",
				slot_low(k), slot_high(k), val);
		else
			fprintf(out, "%10" PRIu64 " -> %-10" PRIu64 " : %-8" PRIu64 " ",
				slot_low(k), slot_high(k), val);
		put_row_stars(out, val, val_max, stars);
	}
}

/* Both linear forms: bucket i is named base + i*step; zero rows are kept
 * (Python), kept after the first non-zero one (Python's strip_leading_zero),
 * or all left out (libbpf-tools' print_linear_hist). */
enum zero_rows { ZEROS_KEPT, ZEROS_LEADING_STRIPPED, ZEROS_SKIPPED };

static void print_linear(FILE *out, const uint64_t *vals, int nvals, unsigned base, unsigned step,
			 const char *val_type, enum zero_rows zeros)
{
	uint64_t val_max = 0;
	int top = -1;
	if (!out || !vals || nvals <= 0)
		return;
	for (int i = 0; i < nvals; i++) {
		if (vals[i] > 0)
			top = i;
		if (vals[i] > val_max)
			val_max = vals[i];
	}
	if (top < 0)
		return;
	fputs("     ", out);
	put_padded(out, val_type ? val_type : "value", 13);
	fputs(" : count     distribution\n", out);
	for (int i = 0; i <= top; i++) {
		if (!vals[i] && zeros != ZEROS_KEPT)
			continue;
		if (zeros == ZEROS_LEADING_STRIPPED)
			zeros = ZEROS_KEPT;
		fprintf(out, "        %-10u : %-8" PRIu64 " ", base + (unsigned)i * step, vals[i]);
		put_row_stars(out, vals[i], val_max, HISTO_STARS_MAX);
	}
}

void histo_print_linear_ex(FILE *out, const uint64_t *vals, int nvals,
			  const char *val_type, bool strip_leading_zero)
{
	print_linear(out, vals, nvals, 0, 1, val_type, strip_leading_zero ? ZEROS_LEADING_STRIPPED : ZEROS_KEPT);
}

/* libbpf-tools' form (print_linear_hist with a base and a step): its
 * header is as Python's, its rows only the non-zero buckets, each named by
 * its bucket's low end. */
void histo_print_linear_step(FILE *out, const uint64_t *vals, int nvals, unsigned base, unsigned step,
			     const char *val_type)
{
	print_linear(out, vals, nvals, base, step, val_type, ZEROS_SKIPPED);
}

void histo_print_linear(FILE *out, const uint64_t *vals, int nvals,
			const char *val_type)
{
	histo_print_linear_ex(out, vals, nvals, val_type, false);
}

static void put_section(FILE *out, const char *header, const char *label)
{
	if (out && header && label)
		fprintf(out, "\n%s = %s\n", header, label);
}

void histo_print_log2_section(FILE *out, const char *section_header,
			      const char *section_label, const uint64_t *slots,
			      int nslots, const char *val_type,
			      bool strip_leading_zero)
{
	put_section(out, section_header, section_label);
	histo_print_log2(out, slots, nslots, val_type, strip_leading_zero);
}

void histo_print_linear_section(FILE *out, const char *section_header,
				const char *section_label, const uint64_t *vals,
				int nvals, const char *val_type,
				bool strip_leading_zero)
{
	put_section(out, section_header, section_label);
	histo_print_linear_ex(out, vals, nvals, val_type, strip_leading_zero);
}

/* A JSON string exactly as json.dumps() (ensure_ascii=True) writes it. */

/* "val_type" and "data": slots [0, top], low/high of each from the form. */
static void json_data(struct json *j, const uint64_t *slots, int top, bool linear, uint64_t base, uint64_t step,
		      const char *val_type)
{
	json_str(j, "val_type", val_type ? val_type : "value");
	json_array(j, "data");
	for (int k = 0; k <= top; k++) {
		json_object(j, NULL);
		json_u64(j, "interval-start", linear ? base + k * step : slot_low(k));
		json_u64(j, "interval-end", linear ? base + (k + 1) * step - 1 : slot_high(k));
		json_u64(j, "count", slots[k]);
		json_close(j);
	}
	json_close(j);
}

void histo_json_log2_data(struct json *j, const uint64_t *slots, int nslots, const char *val_type)
{
	int top = -1;
	for (int k = 0; k < nslots && k < HISTO_LOG2_MAX_SLOTS; k++)
		if (slots[k])
			top = k;
	json_data(j, slots, top, false, 0, 1, val_type);
}

/* Both JSON forms: slots [0, top] as data, low/high of each from the form. */
static void json_hist(FILE *out, const uint64_t *slots, int top, bool linear, uint64_t base, uint64_t step,
		      const char *val_type, const char *section_header, const char *section_label, const char *ts)
{
	struct json j;
	json_init(&j, out, false);
	json_object(&j, NULL);
	if (ts)
		json_str(&j, "ts", ts);
	json_data(&j, slots, top, linear, base, step, val_type);
	if (section_header && section_label)
		json_str(&j, section_header, section_label);
	json_line_end(&j);
}

void histo_json_linear(FILE *out, const uint64_t *vals, int nvals, const char *val_type,
		       const char *section_header, const char *section_label, const char *ts)
{
	int top = -1;
	if (!out)
		return;
	for (int k = 0; vals && k < nvals; k++)
		if (vals[k])
			top = k;
	json_hist(out, vals, top, true, 0, 1, val_type, section_header, section_label, ts);
}

void histo_json_linear_step(FILE *out, const uint64_t *vals, int nvals, unsigned base, unsigned step,
			    const char *val_type, const char *section_header, const char *section_label,
			    const char *ts)
{
	int top = -1;
	if (!out)
		return;
	for (int k = 0; vals && k < nvals; k++)
		if (vals[k])
			top = k;
	json_hist(out, vals, top, true, base, step, val_type, section_header, section_label, ts);
}

void histo_json_log2(FILE *out, const uint64_t *slots, int nslots,
		     const char *val_type, const char *section_header,
		     const char *section_label, const char *ts)
{
	int top = -1, k;

	if (!out)
		return;
	if (!slots || nslots < 0)
		nslots = 0;
	if (nslots > HISTO_LOG2_MAX_SLOTS)
		nslots = HISTO_LOG2_MAX_SLOTS;
	if (!val_type)
		val_type = "value";

	for (k = 0; k < nslots; k++)
		if (slots[k] != 0)
			top = k;

	json_hist(out, slots, top, false, 0, 1, val_type, section_header, section_label, ts);
}
