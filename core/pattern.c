#include "core/pattern.h"

#include "core/regexp.h"

#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* BCC anchors pattern regexes at both ends. */
static int compile_anchored(regex_t *re, const char *pat, char *err, size_t errlen)
{
	char anchored[REGEXP_MAX_LEN + 8];
	int rc = regexp_check(pat, err, errlen);
	if (rc)
		return rc;
	snprintf(anchored, sizeof(anchored), "^(%s)$", pat);
	if (regcomp(re, anchored, REG_EXTENDED | REG_NOSUB)) {
		snprintf(err, errlen, "invalid regular expression '%.64s%s'", pat, strlen(pat) > 64 ? "..." : "");
		return -EINVAL;
	}
	return 0;
}

static char *part(const char *s, size_t n)
{
	char *d = malloc(n + 1);
	if (d) {
		memcpy(d, s, n);
		d[n] = 0;
	}
	return d;
}

void pattern_free(struct pattern *p)
{
	free(p->lib);
	free(p->provider);
	free(p->category);
	free(p->name);
	p->lib = p->provider = p->category = p->name = NULL;
}

/* With -r every part matched against names is a regex: checked here, so a
 * bad one is named rather than matching nothing. */
static int check_regex(const char *what, const char *pat, char *err, size_t errlen)
{
	regex_t re;
	char why[200];
	if (!*pat)
		return 0;
	int rc = compile_anchored(&re, pat, why, sizeof(why));
	if (rc) {
		snprintf(err, errlen, "%s%s%s", what, *what ? ": " : "", why);
		return rc;
	}
	regfree(&re);
	return 0;
}

/* What trace and argdist take as a name (a C identifier, with the dots of
 * "foo.isra.0") and as a library or category (a path as well). */
static bool valid_name(const char *s, bool path_ok)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_' && *s != '.' &&
		    !(path_ok && (*s == '/' || *s == '-' || *s == '+')))
			return false;
	return true;
}

/* "func+0x12": the offset cut off the name.  Not in a regex, where '+' is
 * an operator. */
static int split_offset(struct pattern *p, unsigned accept, char *why, size_t whylen)
{
	char *plus = strchr(p->name, '+');
	if (!plus || p->regex)
		return 0;
	char *end;
	errno = 0;
	uint64_t off = strtoull(plus + 1, &end, 0);
	/* strtoull takes "-1" (and " 1") as well: an offset is digits. */
	if (errno || !isdigit((unsigned char)plus[1]) || *end) {
		snprintf(why, whylen, "bad offset '%.32s%s'", plus, strlen(plus) > 32 ? "..." : "");
		return -EINVAL;
	}
	if (!(accept & PATTERN_OFFSET)) {
		snprintf(why, whylen, "an offset (+%s) is not taken here: name the function alone", plus + 1);
		return -EINVAL;
	}
	if (p->kind != PAT_KPROBE || p->ret) {
		snprintf(why, whylen, "an offset (+%s) is for kernel function entries only", plus + 1);
		return -EINVAL;
	}
	p->offset = off;
	*plus = 0;
	return 0;
}

/* The refusals that are about the parts, once they are in place. */
static int check_parts(const struct pattern *p, unsigned accept, char *why, size_t whylen)
{
	const char *lib = p->kind == PAT_TRACEPOINT ? p->category : p->lib;
	if (!p->name[0])
		snprintf(why, whylen, "the location names no function, event or probe");
	else if (p->kind == PAT_TRACEPOINT && !p->category[0])
		snprintf(why, whylen, "a tracepoint needs its category: t:category:event");
	else if (p->kind == PAT_USDT && !p->lib[0])
		snprintf(why, whylen, "a USDT probe needs its library or program: u:lib:probe");
	/* Refused by its length, not later as a file that is not there. */
	else if (strlen(p->lib) >= PATH_MAX)
		snprintf(why, whylen, "the library or binary part is %zu characters long; a path has at most %d",
			 strlen(p->lib), PATH_MAX - 1);
	else if ((accept & PATTERN_NAMES) && !valid_name(p->name, false))
		snprintf(why, whylen, "bad function or event name '%.64s%s'", p->name, strlen(p->name) > 64 ? "..." : "");
	else if ((accept & PATTERN_NAMES) && *p->provider && !valid_name(p->provider, false))
		snprintf(why, whylen, "bad USDT provider '%.64s%s'", p->provider, strlen(p->provider) > 64 ? "..." : "");
	else if ((accept & PATTERN_NAMES) && *lib && !valid_name(lib, true))
		snprintf(why, whylen, "bad library or category '%.64s%s'", lib, strlen(lib) > 64 ? "..." : "");
	else if (p->regex)
		return check_regex("tracepoint category", p->category, why, whylen) ?:
		       check_regex("USDT provider", p->provider, why, whylen) ?: check_regex("", p->name, why, whylen);
	else
		return 0;
	return -EINVAL;
}

int pattern_parse_as(const char *text, size_t len, unsigned accept, struct pattern *p, char *why, size_t whylen)
{
	const char *parts[4];
	size_t lens[4];
	int n = 0;

	memset(p, 0, sizeof(*p));
	p->regex = accept & PATTERN_REGEX;
	if (!len) {
		snprintf(why, whylen, "empty probe pattern");
		return -EINVAL;
	}
	for (const char *s = text, *end = text + len;; n++) {
		const char *c = memchr(s, ':', (size_t)(end - s));
		if (n == 4) {
			snprintf(why, whylen, "too many ':'-separated parts");
			return -EINVAL;
		}
		parts[n] = s;
		lens[n] = c ? (size_t)(c - s) : (size_t)(end - s);
		if (!c) {
			n++;
			break;
		}
		s = c + 1;
	}
	/* Where each part goes, by index into parts[] (-1: not there). */
	int lib = -1, provider = -1, category = -1, name = n - 1;
	char type = 'p';
	if (n >= 3) {
		const char *types = accept & PATTERN_RETURN ? "prtu" : "ptu";
		type = lens[0] == 1 ? parts[0][0] : 0;
		if (!type || !strchr(types, type)) {
			snprintf(why, whylen, "probe type must be %s, not '%.*s'",
				 accept & PATTERN_RETURN ? "'p', 'r', 't' or 'u'" : "'p', 't' or 'u'",
				 (int)(lens[0] > 16 ? 16 : lens[0]), parts[0]);
			return -EINVAL;
		}
		if (n == 4 && type != 'u') {
			snprintf(why, whylen, "only USDT probes (u:lib:provider:probe) have four parts");
			return -EINVAL;
		}
	} else if (accept & PATTERN_TYPED) {
		snprintf(why, whylen, "a probe type is needed: {p,r,t,u}:lib:function");
		return -EINVAL;
	}
	if (type == 't') {
		p->kind = PAT_TRACEPOINT;
		category = 1;
	} else if (type == 'u') {
		p->kind = PAT_USDT;
		lib = 1;
		provider = n == 4 ? 2 : -1;
	} else {
		/* "func", "lib:func", "p:lib:func", and with an empty lib (":func",
		 * "p::func") a kernel function, as BCC reads them. */
		lib = n == 1 ? -1 : n - 2;
		p->kind = lib >= 0 && lens[lib] ? PAT_UPROBE : PAT_KPROBE;
		p->ret = type == 'r';
	}
	p->lib = lib >= 0 ? part(parts[lib], lens[lib]) : part("", 0);
	p->provider = provider >= 0 ? part(parts[provider], lens[provider]) : part("", 0);
	p->category = category >= 0 ? part(parts[category], lens[category]) : part("", 0);
	p->name = part(parts[name], lens[name]);
	if (!p->lib || !p->provider || !p->category || !p->name) {
		pattern_free(p);
		snprintf(why, whylen, "out of memory");
		return -ENOMEM;
	}
	int rc = split_offset(p, accept, why, whylen) ?: check_parts(p, accept, why, whylen);
	if (rc)
		pattern_free(p);
	return rc;
}

int pattern_parse(const char *spec, bool regex, struct pattern *p, char *err, size_t errlen)
{
	char why[256];
	int rc = pattern_parse_as(spec ? spec : "", spec ? strlen(spec) : 0, regex ? PATTERN_REGEX : 0, p, why,
				  sizeof(why));
	if (rc && spec && *spec)
		snprintf(err, errlen, "%s in '%.64s%s'", why, spec, strlen(spec) > 64 ? "..." : "");
	else if (rc)
		snprintf(err, errlen, "%s", why);
	return rc;
}

bool pattern_match(const struct pattern *p, const char *pat, const char *name)
{
	if (!p->regex)
		return fnmatch(pat, name, 0) == 0;
	/* Compiled once per pattern, not once per name: over kallsyms'
	 * 100,000 names compiling each time cost 0.6-0.9 s of CPU (0.1 s
	 * now), ten times that under the VM tier's emulation. */
	static __thread struct {
		char pat[REGEXP_MAX_LEN + 1];
		regex_t re;
		bool ok;
	} c;
	if (!c.ok || strcmp(c.pat, pat)) {
		char err[256];
		if (c.ok)
			regfree(&c.re);
		snprintf(c.pat, sizeof(c.pat), "%s", pat);
		c.ok = compile_anchored(&c.re, pat, err, sizeof(err)) == 0;
		if (!c.ok)
			return false;
	}
	return regexec(&c.re, name, 0, NULL, 0) == 0;
}
