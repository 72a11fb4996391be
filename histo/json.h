/* The one JSON writer: every tool's -j output, histograms, stacks, trace,
 * argdist and sym write through it, so escaping and separators are the same
 * everywhere.  It keeps track of commas: a value at depth d is preceded by
 * the separator unless it is the first there.
 *
 * Strings are written as Python's json.dumps() does (ASCII, \u escapes),
 * because BCC's JSON comes from it; separators are json.dumps()' ", " and
 * ": " unless compact. */
#ifndef BPFKIT_HISTO_JSON_H
#define BPFKIT_HISTO_JSON_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Deeper levels than this are not opened (nor closed): the brackets stay
 * balanced; no caller nests near it. */
#define JSON_MAX_DEPTH 64

struct json {
	FILE *out;
	const char *comma, *colon;
	int depth, ignored;
	uint64_t started; /* bit d: something written at depth d */
	uint64_t objects; /* bit d: depth d is an object (else an array) */
};

/* A writer on out; compact: "," and ":" without spaces. */
void json_init(struct json *j, FILE *out, bool compact);

/* Each takes the member's key, or NULL for an array element or the top. */
void json_object(struct json *j, const char *key);
void json_array(struct json *j, const char *key);
void json_close(struct json *j); /* the innermost object or array */
void json_str(struct json *j, const char *key, const char *s);
/* At most n bytes of s (a fixed-size comm, not NUL-terminated when full). */
void json_strn(struct json *j, const char *key, const char *s, size_t n);
/* Exactly n bytes, NULs included (\u0000): data, not a C string. */
void json_bytes(struct json *j, const char *key, const void *s, size_t n);
void json_u64(struct json *j, const char *key, uint64_t v);
void json_i64(struct json *j, const char *key, int64_t v);
/* With printf's format for the number ("%.6f"). */
void json_double(struct json *j, const char *key, const char *fmt, double v);
void json_bool(struct json *j, const char *key, bool v);
void json_null(struct json *j, const char *key);
/* A value already in JSON's syntax: a number the caller formatted. */
void json_raw(struct json *j, const char *key, const char *text);
/* Closes what is open and ends the line: one JSON value per line. */
void json_line_end(struct json *j);

/* A JSON string as Python's json.dumps() writes it. */
void json_write_string(FILE *out, const char *s);
void json_write_stringn(FILE *out, const char *s, size_t n);

/* The next code point of UTF-8 text of n bytes (n > 0), as Python decodes
 * with surrogateescape: an invalid byte becomes U+DC00 + byte.  Returns the
 * bytes consumed. */
size_t json_utf8_next(const unsigned char *s, size_t n, uint32_t *cp);

#endif
