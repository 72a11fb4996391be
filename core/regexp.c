#include "core/regexp.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

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
			const char *q = p + 1;
			q += *q == '^';
			q += *q == ']';
			while (*q && *q != ']')
				q += q[0] == '[' && (q[1] == ':' || q[1] == '.' || q[1] == '=') ? 2 : 1;
			p = *q ? q : p;
		} else if (*p == '(' || *p == '{') {
			if (++depth > max)
				max = depth;
		} else if ((*p == ')' || *p == '}') && depth > 0) {
			depth--;
		}
	}
	return max;
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
