#include "core/regexp.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The ']' closing the bracket expression opened at p ("[]a]", "[^]a]" and
 * "[[:alpha:]]" included), or p itself when it is not closed. */
static const char *bracket_end(const char *p)
{
	const char *q = p + 1;
	q += *q == '^';
	q += *q == ']';
	while (*q && *q != ']')
		q += q[0] == '[' && (q[1] == ':' || q[1] == '.' || q[1] == '=') ? 2 : 1;
	return *q ? q : p;
}

/* Depth of ( and { groups, the ones glibc's parser recurses on; bracket
 * expressions ([...]) do not nest, and what is inside them or escaped is
 * not a group. */
static int nesting(const char *s)
{
	int depth = 0, max = 0;
	for (const char *p = s; *p; p++) {
		if (*p == '\\' && p[1]) {
			p++;
		} else if (*p == '[') {
			p = bracket_end(p);
		} else if (*p == '(' || *p == '{') {
			if (++depth > max)
				max = depth;
		} else if ((*p == ')' || *p == '}') && depth > 0) {
			depth--;
		}
	}
	return max;
}

/* How many nodes glibc's parser makes at most: it copies a repeated
 * subexpression once per repetition (x+ is xx*, x{3,5} five x's), so
 * stacked or nested repetitions multiply, and "a++++++++++++++++++++" takes
 * 700 MB.  An upper bound, counted without expanding anything; saturates
 * above REGEXP_MAX_NODES. */
static unsigned long expanded_size(const char *s)
{
	unsigned long saved[REGEXP_MAX_DEPTH + 1], cur = 0, last = 0;
	int depth = 0;
	for (const char *p = s; *p && cur <= REGEXP_MAX_NODES; p++) {
		unsigned long times = 1;
		if (*p == '(' && depth < REGEXP_MAX_DEPTH) {
			saved[depth++] = cur;
			cur = last = 0;
			continue;
		}
		if (*p == ')' && depth > 0) {
			last = cur;
			cur += saved[--depth];
			continue;
		}
		if (*p == '+') {
			times = 2;
		} else if (*p == '{') {
			char *end;
			unsigned long m = strtoul(p + 1, &end, 10), n = m;
			if (*end == ',')
				n = end[1] == '}' ? m : strtoul(end + 1, &end, 10);
			times = (n > m ? n : m) + 1;
			const char *close = strchr(p, '}');
			p = close ? close : p + strlen(p) - 1;
		} else if (*p == '*' || *p == '?' || *p == '|') {
			continue;
		} else {
			if (*p == '\\' && p[1])
				p++;
			else if (*p == '[')
				p = bracket_end(p);
			cur++, last = 1;
			continue;
		}
		/* The repeated part again, times - 1 more copies of it. */
		unsigned long more = last * (times - 1);
		if (times - 1 && more / (times - 1) != last)
			return REGEXP_MAX_NODES + 1;
		cur += more, last += more;
	}
	return cur;
}

/* A repetition of a repetition ("a**", "a+*", "a{2}?"): POSIX leaves it
 * undefined, Python (BCC's re) refuses it as "multiple repeat", and
 * glibc's epsilon closures of a run of them take minutes. */
static bool repeats_repetition(const char *s)
{
	bool after_repeat = false;
	for (const char *p = s; *p; p++) {
		bool repeat = *p == '*' || *p == '+' || *p == '?' || *p == '{';
		if (repeat && after_repeat)
			return true;
		after_repeat = repeat;
		if (*p == '\\' && p[1]) {
			p++;
		} else if (*p == '{') {
			const char *close = strchr(p, '}');
			p = close ? close : p;
		} else if (*p == '[') {
			p = bracket_end(p);
		}
	}
	return false;
}

int regexp_check(const char *s, char *err, size_t errlen)
{
	size_t len = strlen(s);
	if (len > REGEXP_MAX_LEN) {
		snprintf(err, errlen, "regular expression too long (%zu bytes, at most %d)", len, REGEXP_MAX_LEN);
		return -EINVAL;
	}
	if (nesting(s) > REGEXP_MAX_DEPTH) {
		snprintf(err, errlen, "regular expression nested too deep (at most %d levels of groups)",
			 REGEXP_MAX_DEPTH);
		return -EINVAL;
	}
	if (repeats_repetition(s)) {
		snprintf(err, errlen, "invalid regular expression: a repetition of a repetition (multiple repeat)");
		return -EINVAL;
	}
	if (expanded_size(s) > REGEXP_MAX_NODES) {
		snprintf(err, errlen, "regular expression repeats too much (its repetitions would expand to more "
				      "than %d parts)", REGEXP_MAX_NODES);
		return -EINVAL;
	}
	return 0;
}

int regexp_compile(regex_t *re, const char *s, int flags, char *err, size_t errlen)
{
	int rc = regexp_check(s, err, errlen);
	if (rc)
		return rc;
	size_t len = strlen(s);
	rc = regcomp(re, s, REG_EXTENDED | flags);
	if (rc) {
		char why[128];
		regerror(rc, re, why, sizeof(why));
		snprintf(err, errlen, "invalid regular expression '%.64s%s': %s", s, len > 64 ? "..." : "", why);
		return -EINVAL;
	}
	return 0;
}
