#include "json.h"

#include <inttypes.h>
#include <string.h>

size_t json_utf8_next(const unsigned char *s, size_t n, uint32_t *cp)
{
	uint32_t c = s[0], min;
	size_t len;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2, c &= 0x1f, min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3, c &= 0x0f, min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4, c &= 0x07, min = 0x10000;
	} else {
		goto invalid;
	}
	if (len > n)
		goto invalid;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			goto invalid;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		goto invalid;
	*cp = c;
	return len;
invalid:
	*cp = 0xdc00 + s[0];
	return 1;
}

static void write_escaped(FILE *out, const unsigned char *p, const unsigned char *end)
{
	uint32_t cp;

	fputc('"', out);
	while (p < end) {
		p += json_utf8_next(p, (size_t)(end - p), &cp);
		switch (cp) {
		case '"': fputs("\\\"", out); break;
		case '\\': fputs("\\\\", out); break;
		case '\n': fputs("\\n", out); break;
		case '\r': fputs("\\r", out); break;
		case '\t': fputs("\\t", out); break;
		case '\b': fputs("\\b", out); break;
		case '\f': fputs("\\f", out); break;
		default:
			if (cp >= 0x20 && cp < 0x7f) {
				fputc((int)cp, out);
			} else if (cp < 0x10000) {
				fprintf(out, "\\u%04x", cp);
			} else {
				cp -= 0x10000;
				fprintf(out, "\\u%04x\\u%04x", 0xd800 + (cp >> 10), 0xdc00 + (cp & 0x3ff));
			}
		}
	}
	fputc('"', out);
}

void json_write_stringn(FILE *out, const char *s, size_t n)
{
	size_t len = n == SIZE_MAX ? strlen(s) : strnlen(s, n);
	write_escaped(out, (const unsigned char *)s, (const unsigned char *)s + len);
}

void json_write_string(FILE *out, const char *s)
{
	json_write_stringn(out, s, SIZE_MAX);
}

void json_init(struct json *j, FILE *out, bool compact)
{
	memset(j, 0, sizeof(*j));
	j->out = out;
	j->comma = compact ? "," : ", ";
	j->colon = compact ? ":" : ": ";
}

/* The separator and the key of the next value. */
static void member(struct json *j, const char *key)
{
	uint64_t bit = 1ull << j->depth;
	if (j->started & bit)
		fputs(j->comma, j->out);
	j->started |= bit;
	if (key) {
		json_write_string(j->out, key);
		fputs(j->colon, j->out);
	}
}

static void open_(struct json *j, const char *key, char brace)
{
	if (j->depth >= JSON_MAX_DEPTH - 1) {
		j->ignored++;
		return;
	}
	member(j, key);
	fputc(brace, j->out);
	j->depth++;
	uint64_t bit = 1ull << j->depth;
	j->started &= ~bit;
	j->objects = brace == '{' ? j->objects | bit : j->objects & ~bit;
}

void json_object(struct json *j, const char *key)
{
	open_(j, key, '{');
}

void json_array(struct json *j, const char *key)
{
	open_(j, key, '[');
}

void json_close(struct json *j)
{
	if (j->ignored) {
		j->ignored--;
		return;
	}
	if (!j->depth)
		return;
	fputc(j->objects & (1ull << j->depth) ? '}' : ']', j->out);
	j->depth--;
}

void json_str(struct json *j, const char *key, const char *s)
{
	json_strn(j, key, s, SIZE_MAX);
}

void json_strn(struct json *j, const char *key, const char *s, size_t n)
{
	member(j, key);
	json_write_stringn(j->out, s, n);
}

void json_bytes(struct json *j, const char *key, const void *s, size_t n)
{
	member(j, key);
	write_escaped(j->out, s, (const unsigned char *)s + n);
}

void json_u64(struct json *j, const char *key, uint64_t v)
{
	member(j, key);
	fprintf(j->out, "%" PRIu64, v);
}

void json_i64(struct json *j, const char *key, int64_t v)
{
	member(j, key);
	fprintf(j->out, "%" PRId64, v);
}

void json_double(struct json *j, const char *key, const char *fmt, double v)
{
	member(j, key);
	fprintf(j->out, fmt, v);
}

void json_bool(struct json *j, const char *key, bool v)
{
	member(j, key);
	fputs(v ? "true" : "false", j->out);
}

void json_null(struct json *j, const char *key)
{
	member(j, key);
	fputs("null", j->out);
}

void json_raw(struct json *j, const char *key, const char *text)
{
	member(j, key);
	fputs(text, j->out);
}

void json_line_end(struct json *j)
{
	j->ignored = 0;
	while (j->depth)
		json_close(j);
	fputc('\n', j->out);
	j->started = 0;
}
