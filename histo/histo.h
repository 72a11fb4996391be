/*
 * histo: histogram output that is byte-identical to Python BCC's
 * Table.print_log2_hist() / print_linear_hist() (src/python/bcc/table.py),
 * plus a JSON form of the log2 histogram.
 *
 * Slot convention
 * ---------------
 * Our BPF programs bucket values the libbpf-tools way: slot k = floor(log2 v),
 * with 0 and 1 sharing slot 0, because that is a single cheap instruction
 * sequence in BPF and it is what every libbpf-tools program already does.
 * Python BCC instead keys its map by bpf_log2l(v) = floor(log2 v) + 1, so
 * that index 0 holds exactly v == 0 - and then never prints index 0.
 * The two layouts therefore differ only by a shift: our slot k is Python's
 * index k + 1.  Python's first printed row ("0 -> 1") is its index 1, i.e.
 * our slot 0, so nothing is lost by folding 0 into slot 0: the rows,
 * ranges and the choice of narrow/wide layout come out identical.
 *
 * Python's table is 65 entries (indices 0..64); our equivalent is 64 slots.
 * Slots at index >= 64 cannot hold a 64-bit value and are ignored.
 *
 * Linear histograms have no such shift: value i is bucket i, as in Python.
 *
 * Fidelity notes (why the code looks the way it does)
 * ---------------------------------------------------
 * - Star counts replicate Python 3's float arithmetic in _stars()
 *   (width * val / val_max is a correctly rounded true division), not
 *   exact integer division: for very large counts the two disagree.
 * - Python's "%-19s" pads by characters, not bytes, so val_type is padded
 *   by UTF-8 code points.
 * - Python's print_json_hist() prints a Python dict repr, not JSON.  We
 *   emit real JSON with the same keys in the same order, formatted exactly
 *   like json.dumps() with default arguments (", " / ": " separators,
 *   ensure_ascii escaping).  Section values are always JSON strings.
 * - Python prints section labels with "%s" when a section_print_fn is
 *   given and "%r" otherwise; callers format the label themselves (for a
 *   Python bytes key, "%r" would have produced e.g. "b'bash'").
 */
#ifndef BPFKIT_HISTO_H
#define BPFKIT_HISTO_H

#include <stdio.h>
#include <stdint.h>
#include <stdbool.h>
#include <stddef.h>

#define HISTO_LOG2_MAX_SLOTS 64
#define HISTO_STARS_MAX 40

/* log2 slots: slot k counts values in [2^k, 2^(k+1)-1]; slot 0 counts 0 and 1. */
void histo_print_log2(FILE *out, const uint64_t *slots, int nslots,
		      const char *val_type, bool strip_leading_zero);

/* value i = bucket i (Python semantics), no leading-zero stripping */
void histo_print_linear(FILE *out, const uint64_t *vals, int nvals,
			const char *val_type);
/* Same, with Python's strip_leading_zero option. */
void histo_print_linear_ex(FILE *out, const uint64_t *vals, int nvals,
			  const char *val_type, bool strip_leading_zero);

/* libbpf-tools' print_linear_hist: value i is bucket [base + i*step,
 * base + (i+1)*step), named by its low end; only non-zero rows. */
void histo_print_linear_step(FILE *out, const uint64_t *vals, int nvals, unsigned base, unsigned step,
			     const char *val_type);

/*
 * Per-key sections: prints "\n<header> = <label>" then the histogram, like
 * Python's section_header.  The header line is printed even when the
 * histogram itself is all zero (and therefore prints nothing), as Python does.
 * A NULL section_header or section_label omits the header line.
 */
void histo_print_log2_section(FILE *out, const char *section_header,
			      const char *section_label, const uint64_t *slots,
			      int nslots, const char *val_type,
			      bool strip_leading_zero);
void histo_print_linear_section(FILE *out, const char *section_header,
				const char *section_label, const uint64_t *vals,
				int nvals, const char *val_type,
				bool strip_leading_zero);

/*
 * One line of JSON per histogram, key order as Python's _get_json_hist():
 *   {"ts": "...", "val_type": "...", "data": [{"interval-start": lo,
 *    "interval-end": hi, "count": n}, ...], "<section_header>": "<label>"}
 * "ts" only if ts != NULL; the section pair only if both section_header and
 * section_label are non-NULL.  data runs from slot 0 to the last non-zero
 * slot, zero slots included; an all-zero histogram gives "data": [].
 */
void histo_json_log2(FILE *out, const uint64_t *slots, int nslots,
		     const char *val_type, const char *section_header,
		     const char *section_label, const char *ts);

/* "val_type" and "data" as above, as members of an object j is writing
 * (a tool's own objects: futexctn's per lock). */
struct json;
void histo_json_log2_data(struct json *j, const uint64_t *slots, int nslots, const char *val_type);

/* The same for a linear histogram: each value v is the interval [v, v]. */
void histo_json_linear(FILE *out, const uint64_t *vals, int nvals, const char *val_type,
		       const char *section_header, const char *section_label, const char *ts);

/* With a base and a step: value i is the interval [base + i*step,
 * base + (i+1)*step - 1]. */
void histo_json_linear_step(FILE *out, const uint64_t *vals, int nvals, unsigned base, unsigned step,
			    const char *val_type, const char *section_header, const char *section_label,
			    const char *ts);

/* helper for BPF-side symmetry in tests: the slot a value falls in */
int histo_log2_slot(uint64_t v);

/*
 * Python's _stars(val, val_max, width) into buf (NUL-terminated, truncated
 * to bufsz - 1).  Returns the length Python's string would have.  Includes
 * the "+" marker for val > val_max, which the print functions above never
 * produce (their val_max is the maximum of the same values) but tools that
 * draw their own bars do.  val_max == 0 gives no stars (Python raises).
 */
size_t histo_stars(char *buf, size_t bufsz, uint64_t val, uint64_t val_max,
		   int width);

#endif /* BPFKIT_HISTO_H */
