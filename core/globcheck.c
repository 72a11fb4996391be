#include "core/globcheck.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* The end of the bracket expression opened at s ('['): its ']', or NULL. */
static const char *bracket_end(const char *s)
{
	const char *p = s + 1;
	if (*p == '!' || *p == '^')
		p++;
	if (*p == ']') /* first: a literal ']' */
		p++;
	for (; *p; p++) {
		if (*p == ']')
			return p;
		/* [:alpha:], [=a=], [.a.]: their ']' does not close. */
		if (*p == '[' && (p[1] == ':' || p[1] == '=' || p[1] == '.')) {
			char kind[3] = { p[1], ']', 0 };
			const char *close = strstr(p + 2, kind);
			if (!close)
				return NULL;
			p = close + 1;
		}
	}
	return NULL;
}

int glob_check(const char *glob, char *why, size_t whylen)
{
	for (const char *p = glob; *p; p++) {
		if (*p == '\\') {
			if (!p[1]) {
				snprintf(why, whylen, "a trailing '\\' escapes nothing");
				return -EINVAL;
			}
			p++;
		} else if (*p == '[') {
			const char *end = bracket_end(p);
			if (!end) {
				snprintf(why, whylen, "the '[' at position %zu is not closed by a ']'", (size_t)(p - glob) + 1);
				return -EINVAL;
			}
			p = end;
		}
	}
	return 0;
}
