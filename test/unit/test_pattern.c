/* The probe-location grammar (one for every tool: the same text is the same
 * location whichever tool reads it), kernel symbol suffixes, and resolution
 * of user functions and USDT probes in the test programs. */
#include "core/compiler/tracespec.h"
#include "core/pattern.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test/unit/check.h"

static void parse_ok(const char *spec, enum pattern_kind kind, const char *lib, const char *cat,
		     const char *prov, const char *name)
{
	struct pattern p;
	char err[256] = "";
	int r = pattern_parse(spec, false, &p, err, sizeof(err));
	CHECK(r == 0, "%s: %s", spec, err);
	if (r)
		return;
	CHECK(p.kind == kind, "%s: kind %d, want %d", spec, p.kind, kind);
	CHECK(!strcmp(p.lib, lib), "%s: lib '%s', want '%s'", spec, p.lib, lib);
	CHECK(!strcmp(p.category, cat), "%s: category '%s', want '%s'", spec, p.category, cat);
	CHECK(!strcmp(p.provider, prov), "%s: provider '%s', want '%s'", spec, p.provider, prov);
	CHECK(!strcmp(p.name, name), "%s: name '%s', want '%s'", spec, p.name, name);
	pattern_free(&p);
}

static void parse_bad(const char *spec, bool regex, const char *msg_part)
{
	struct pattern p;
	char err[256] = "";
	int r = pattern_parse(spec, regex, &p, err, sizeof(err));
	CHECK(r == -EINVAL, "%s: accepted", spec);
	CHECK(strstr(err, msg_part), "%s: error '%s' lacks '%s'", spec, err, msg_part);
	CHECK(!strchr(err, '\n'), "%s: error has a newline", spec);
}

/* Which tools take a location: the counting tools (funccount, stackcount),
 * trace, and argdist (which writes a signature after it). */
enum { COUNT = 1, TRACE = 2, ARGDIST = 4, ALL = 7 };

static const struct form {
	const char *text;
	int tools;
	enum pattern_kind kind;
	bool ret;
	const char *lib, *category, *provider, *name;
	uint64_t offset;
} forms[] = {
	{ "vfs_read", COUNT | TRACE, PAT_KPROBE, false, "", "", "", "vfs_read", 0 },
	{ "p::vfs_read", ALL, PAT_KPROBE, false, "", "", "", "vfs_read", 0 },
	/* An empty library is the kernel's, as BCC reads ":func". */
	{ ":vfs_read", COUNT | TRACE, PAT_KPROBE, false, "", "", "", "vfs_read", 0 },
	{ "r::vfs_read", TRACE | ARGDIST, PAT_KPROBE, true, "", "", "", "vfs_read", 0 },
	{ "kfree_skb+0x12", TRACE, PAT_KPROBE, false, "", "", "", "kfree_skb", 0x12 },
	{ "p::kfree_skb+8", TRACE | ARGDIST, PAT_KPROBE, false, "", "", "", "kfree_skb", 8 },
	{ "vfs_*", COUNT, PAT_KPROBE, false, "", "", "", "vfs_*", 0 },
	{ "p::tcp_v[46]_connect", COUNT, PAT_KPROBE, false, "", "", "", "tcp_v[46]_connect", 0 },
	{ "c:malloc", COUNT | TRACE, PAT_UPROBE, false, "c", "", "", "malloc", 0 },
	{ "p:c:malloc", ALL, PAT_UPROBE, false, "c", "", "", "malloc", 0 },
	{ "r:c:malloc", TRACE | ARGDIST, PAT_UPROBE, true, "c", "", "", "malloc", 0 },
	{ "c:*alloc", COUNT, PAT_UPROBE, false, "c", "", "", "*alloc", 0 },
	{ "/usr/bin/bash:readline", COUNT | TRACE, PAT_UPROBE, false, "/usr/bin/bash", "", "", "readline", 0 },
	{ "p:/usr/lib/libstdc++.so.6:_Znwm", ALL, PAT_UPROBE, false, "/usr/lib/libstdc++.so.6", "", "", "_Znwm", 0 },
	{ "t:sched:sched_switch", ALL, PAT_TRACEPOINT, false, "", "sched", "", "sched_switch", 0 },
	{ "t:block:*", COUNT, PAT_TRACEPOINT, false, "", "block", "", "*", 0 },
	{ "t:*:*wakeup*", COUNT, PAT_TRACEPOINT, false, "", "*", "", "*wakeup*", 0 },
	{ "u:pthread:pthread_create", ALL, PAT_USDT, false, "pthread", "", "", "pthread_create", 0 },
	{ "u:node:gc*", COUNT, PAT_USDT, false, "node", "", "", "gc*", 0 },
	{ "u:/usr/bin/python3.11:python:function__entry", ALL, PAT_USDT, false, "/usr/bin/python3.11", "", "python",
	  "function__entry", 0 },
	{ "u:lib:*:tick", COUNT, PAT_USDT, false, "lib", "", "*", "tick", 0 },
};

static bool same(const struct pattern *p, const struct form *f)
{
	return p->kind == f->kind && p->ret == f->ret && !strcmp(p->lib, f->lib) && !strcmp(p->category, f->category) &&
	       !strcmp(p->provider, f->provider) && !strcmp(p->name, f->name) && p->offset == f->offset;
}

/* Each form parses the same through every tool that takes it, and is
 * refused in one line by the others. */
static void one_grammar(void)
{
	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		const struct form *f = &forms[i];
		char err[512] = "", spec[300];
		struct pattern p;
		struct ts_probe t;
		int rc = pattern_parse(f->text, false, &p, err, sizeof(err));
		CHECK(!rc == !!(f->tools & COUNT), "funccount '%s': %s", f->text, rc ? err : "accepted");
		if (!rc) {
			CHECK(same(&p, f), "funccount '%s': parsed otherwise", f->text);
			pattern_free(&p);
		} else {
			CHECK(err[0] && !strchr(err, '\n') && strstr(err, f->text), "funccount '%s': '%s'", f->text, err);
		}

		snprintf(spec, sizeof(spec), "%s \"%%d\", 1", f->text);
		rc = tracespec_parse_trace(spec, &t, err, sizeof(err));
		CHECK(!rc == !!(f->tools & TRACE), "trace '%s': %s", spec, rc ? err : "accepted");
		if (!rc) {
			/* The compiler's view of it agrees: the category is the
			 * library of a tracepoint, "" is NULL. */
			const char *lib = f->kind == PAT_TRACEPOINT ? f->category : f->lib;
			CHECK(same(&t.loc, f) && (*lib ? t.lib && !strcmp(t.lib, lib) : !t.lib) && !strcmp(t.func, f->name) &&
				      t.offset == f->offset && tracespec_is_return(&t) == f->ret,
			      "trace '%s': parsed otherwise", spec);
			tracespec_free(&t);
		} else {
			CHECK(err[0] && !strchr(err, '\n') && strstr(err, " at column 1 of "), "trace '%s': '%s'", spec, err);
		}

		/* argdist takes a signature after kernel and user functions. */
		snprintf(spec, sizeof(spec), "%s()", f->text);
		rc = tracespec_parse_argdist(spec, &t, err, sizeof(err));
		CHECK(!rc == !!(f->tools & ARGDIST), "argdist '%s': %s", spec, rc ? err : "accepted");
		if (!rc) {
			CHECK(same(&t.loc, f), "argdist '%s': parsed otherwise", spec);
			tracespec_free(&t);
		}
	}
}

/* Refusals: accept is what the tool takes; each says why in one line. */
static const struct {
	const char *text;
	unsigned accept;
	const char *why;
} refusals[] = {
	{ "", 0, "empty probe pattern" },
	{ "u:a:b:c:d", PATTERN_TRACE, "too many ':'-separated parts" },
	{ "u:a:b:c:d", 0, "too many ':'-separated parts" },
	{ "p:lib:prov:func", 0, "only USDT probes (u:lib:provider:probe) have four parts" },
	{ "t:a:b:c", PATTERN_TRACE, "only USDT probes (u:lib:provider:probe) have four parts" },
	{ "x:a:b", 0, "probe type must be 'p', 't' or 'u', not 'x'" },
	{ "r:c:malloc", 0, "probe type must be 'p', 't' or 'u', not 'r'" },
	{ "x:a:b", PATTERN_TRACE, "probe type must be 'p', 'r', 't' or 'u', not 'x'" },
	{ "::vfs_read", PATTERN_TRACE, "probe type must be 'p', 'r', 't' or 'u', not ''" },
	{ "malloc", PATTERN_ARGDIST, "a probe type is needed: {p,r,t,u}:lib:function" },
	{ "c:malloc", PATTERN_ARGDIST, "a probe type is needed" },
	{ "p:c:", 0, "the location names no function, event or probe" },
	{ "t:sched:", PATTERN_TRACE, "the location names no function, event or probe" },
	{ "t::sched_switch", 0, "a tracepoint needs its category: t:category:event" },
	{ "u::probe", PATTERN_TRACE, "a USDT probe needs its library or program: u:lib:probe" },
	{ "kfree_skb+0x12", 0, "an offset (+0x12) is not taken here" },
	{ "r::kfree_skb+4", PATTERN_TRACE, "an offset (+4) is for kernel function entries only" },
	{ "c:malloc+4", PATTERN_TRACE, "an offset (+4) is for kernel function entries only" },
	{ "t:sched:sched_switch+4", PATTERN_TRACE, "an offset (+4) is for kernel function entries only" },
	{ "kfree_skb+-1", PATTERN_TRACE, "bad offset '+-1'" },
	{ "kfree_skb+", 0, "bad offset '+'" },
	{ "vfs_*", PATTERN_TRACE, "bad function or event name 'vfs_*'" },
	{ "t:block:*", PATTERN_TRACE, "bad function or event name '*'" },
	{ "t:b?ock:x", PATTERN_ARGDIST, "bad library or category 'b?ock'" },
	{ "u:lib:*:tick", PATTERN_TRACE, "bad USDT provider '*'" },
	{ "vfs_(read", PATTERN_REGEX, "invalid regular expression 'vfs_(read'" },
	{ "t:(:x", PATTERN_REGEX, "tracepoint category: invalid regular expression '('" },
	{ "u:lib:(:x", PATTERN_REGEX, "USDT provider: invalid regular expression '('" },
};

static void refused(void)
{
	for (size_t i = 0; i < sizeof(refusals) / sizeof(refusals[0]); i++) {
		struct pattern p;
		char why[256] = "";
		const char *t = refusals[i].text;
		int rc = pattern_parse_as(t, strlen(t), refusals[i].accept, &p, why, sizeof(why));
		CHECK(rc == -EINVAL, "'%s' (accept %#x) accepted", t, refusals[i].accept);
		if (!rc)
			pattern_free(&p);
		CHECK(!strncmp(why, refusals[i].why, strlen(refusals[i].why)) && !strchr(why, '\n'),
		      "'%s' (accept %#x): '%s', want '%s'", t, refusals[i].accept, why, refusals[i].why);
	}
	/* Under -r a '+' is the regex's, not an offset. */
	struct pattern p;
	char why[256];
	CHECK(!pattern_parse_as("vfs_rea+d", 9, PATTERN_REGEX, &p, why, sizeof(why)) && !strcmp(p.name, "vfs_rea+d") &&
		      !p.offset && pattern_match(&p, p.name, "vfs_reaaad") && !pattern_match(&p, p.name, "vfs_red"),
	      "-r vfs_rea+d: %s", why);
	pattern_free(&p);
	/* The location is text[0, len): what follows is not read. */
	CHECK(!pattern_parse_as("c:malloc(size_t n)", 8, PATTERN_ARGDIST & ~PATTERN_TYPED, &p, why, sizeof(why)) &&
		      !strcmp(p.name, "malloc"),
	      "a location inside a spec: %s", why);
	pattern_free(&p);
}

static void base(const char *sym, const char *want)
{
	char out[256];
	ksym_base_name(sym, out, sizeof(out));
	CHECK(!strcmp(out, want), "ksym_base_name(%s) = %s, want %s", sym, out, want);
}

/* How many points spec resolves to (or -errno). */
static int count(const char *spec, bool regex)
{
	struct pattern p;
	struct attach_point *pts;
	char err[512];
	int n = pattern_parse(spec, regex, &p, err, sizeof(err));
	if (n)
		return n;
	n = pattern_resolve(&p, 0, &pts, err, sizeof(err));
	if (n > 0)
		attach_points_free(pts, n);
	pattern_free(&p);
	return n;
}

static char *repeat(const char *unit, int times, const char *tail)
{
	size_t ul = strlen(unit), tl = strlen(tail);
	char *s = malloc(ul * times + tl + 1);
	for (int i = 0; i < times; i++)
		memcpy(s + ul * i, unit, ul);
	memcpy(s + ul * times, tail, tl + 1);
	return s;
}

/* Parts longer than the fixed fields that held them (255 characters for a
 * name or library, 127 for a provider): cut, they named other probes. */
static void long_parts(void)
{
	char spec[8192];
	const char *prog = TEST_BINARY_DIR "/progs/usdt";
	int want = count("c:*malloc", false);
	char *stars = repeat("*", 300, "malloc");
	snprintf(spec, sizeof(spec), "c:%s", stars);
	int got = count(spec, false);
	/* Cut to 255 stars, this matched every function of libc. */
	CHECK(want > 0 && got == want, "c:<300 stars>malloc: %d points, c:*malloc %d", got, want);
	free(stars);

	/* An alternation past 255 characters: cut, it did not compile. */
	char *alts = repeat("no_such_function_xyz|", 15, "malloc");
	snprintf(spec, sizeof(spec), "c:(%s)", alts);
	got = count(spec, true);
	CHECK(got == count("c:malloc", false), "300-character regex: %d points", got);
	free(alts);

	/* A library path of 300 characters, /./ after /./. */
	char *dots = repeat("./", 150, "");
	snprintf(spec, sizeof(spec), "u:%s/%s%s:bpfkit_test:*", TEST_BINARY_DIR, dots, "progs/usdt");
	got = count(spec, false);
	CHECK(got == 2, "300-character library path: %d points", got);
	free(dots);

	/* A provider glob of 200 characters. */
	char *prov = repeat("*", 200, "test");
	snprintf(spec, sizeof(spec), "u:%s:%s:tick", prog, prov);
	got = count(spec, false);
	CHECK(got == 1, "200-character provider: %d points", got);
	snprintf(spec, sizeof(spec), "u:%s:%s_no:tick", prog, prov);
	got = count(spec, false);
	CHECK(got == -ENOENT, "200-character provider that matches nothing: %d points", got);
	free(prov);

	/* A path longer than any the kernel opens: refused by its length. */
	struct pattern p;
	char err[512] = "";
	char *huge = repeat("a", 5000, ":malloc");
	CHECK(pattern_parse(huge, false, &p, err, sizeof(err)) == -EINVAL &&
		      strstr(err, "the library or binary part is 5000 characters long; a path has at most 4095"),
	      "5000-character library: %s", err);
	free(huge);
}

int main(void)
{
	parse_ok("vfs_read", PAT_KPROBE, "", "", "", "vfs_read");
	parse_ok("p::vfs_*", PAT_KPROBE, "", "", "", "vfs_*");
	parse_ok("c:malloc", PAT_UPROBE, "c", "", "", "malloc");
	parse_ok("p:c:malloc", PAT_UPROBE, "c", "", "", "malloc");
	parse_ok("p:/usr/bin/bash:readline", PAT_UPROBE, "/usr/bin/bash", "", "", "readline");
	parse_ok("t:sched:sched_switch", PAT_TRACEPOINT, "", "sched", "", "sched_switch");
	parse_ok("t:block:*", PAT_TRACEPOINT, "", "block", "", "*");
	parse_ok("u:node:gc*", PAT_USDT, "node", "", "", "gc*");
	parse_ok("u:/usr/bin/python3.11:python:function__entry", PAT_USDT, "/usr/bin/python3.11", "", "python",
		 "function__entry");
	parse_bad("", false, "empty");
	parse_bad("x:a:b", false, "must be 'p', 't' or 'u'");
	parse_bad("a:b:c:d:e:f", false, "too many");
	parse_bad("p:c:", false, "names no function");
	parse_bad("t::sched_switch", false, "category");
	parse_bad("u::probe", false, "library");
	parse_bad("vfs_(read", true, "regular expression");
	one_grammar();
	refused();

	base("vfs_read", "vfs_read");
	base("tcp_v4_connect.isra.0", "tcp_v4_connect");
	base("foo.constprop.0.isra.0", "foo");
	base("bar.part.3", "bar");
	base("baz.cold", "baz");
	base("qux.llvm.1234567", "qux");
	base("kmalloc_noprof", "kmalloc");

	struct pattern p;
	char err[256];
	struct attach_point *pts;
	int n;

	/* Regex is anchored at both ends, like BCC. */
	pattern_parse("vfs_read", true, &p, err, sizeof(err));
	CHECK(pattern_match(&p, p.name, "vfs_read"), "regex exact");
	CHECK(!pattern_match(&p, p.name, "vfs_readv"), "regex must be anchored");

	/* User functions in a test program: one point per address. */
	const char *prog = TEST_BINARY_DIR "/progs/getpids";
	char spec[600];
	snprintf(spec, sizeof(spec), "%s:main", prog);
	pattern_free(&p); /* each parse allocates its parts */
	pattern_parse(spec, false, &p, err, sizeof(err));
	n = pattern_resolve(&p, 0, &pts, err, sizeof(err));
	CHECK(n == 1, "%s: %d points (%s)", spec, n, err);
	if (n == 1) {
		CHECK(!strcmp(pts[0].name, "main") && pts[0].offset > 0, "main at offset %llu",
		      (unsigned long long)pts[0].offset);
		attach_points_free(pts, n);
	}
	snprintf(spec, sizeof(spec), "%s:no_such_function_*", prog);
	pattern_free(&p); /* each parse allocates its parts */
	pattern_parse(spec, false, &p, err, sizeof(err));
	n = pattern_resolve(&p, 0, &pts, err, sizeof(err));
	CHECK(n == -ENOENT && strstr(err, "no function matches"), "no match: %d %s", n, err);

	/* libc by name, aliases folded. */
	pattern_free(&p); /* each parse allocates its parts */
	pattern_parse("c:malloc", false, &p, err, sizeof(err));
	n = pattern_resolve(&p, 0, &pts, err, sizeof(err));
	CHECK(n == 1, "c:malloc: %d points (%s)", n, err);
	if (n > 0) {
		CHECK(strstr(pts[0].path, "libc.so"), "c -> %s", pts[0].path);
		attach_points_free(pts, n);
	}

	/* USDT notes. */
	snprintf(spec, sizeof(spec), "u:%s/progs/usdt:bpfkit_test:*", TEST_BINARY_DIR);
	pattern_free(&p); /* each parse allocates its parts */
	CHECK(pattern_parse(spec, false, &p, err, sizeof(err)) == 0, "%s", err);
	n = pattern_resolve(&p, 0, &pts, err, sizeof(err));
	CHECK(n == 2, "usdt: %d points (%s)", n, err);
	if (n == 2) {
		CHECK(!strcmp(pts[0].name, "bpfkit_test:tick") || !strcmp(pts[1].name, "bpfkit_test:tick"),
		      "tick probe");
		attach_points_free(pts, n);
	}
	snprintf(spec, sizeof(spec), "u:%s/progs/usdt:nope", TEST_BINARY_DIR);
	pattern_free(&p); /* each parse allocates its parts */
	pattern_parse(spec, false, &p, err, sizeof(err));
	n = pattern_resolve(&p, 0, &pts, err, sizeof(err));
	CHECK(n == -ENOENT && strstr(err, "no USDT probe matches 'nope'"), "usdt no match: %s", err);

	pattern_free(&p); /* each parse allocates its parts */
	pattern_parse("nosuchlib_xyz:foo", false, &p, err, sizeof(err));
	n = pattern_resolve(&p, 0, &pts, err, sizeof(err));
	CHECK(n == -ENOENT && strstr(err, "cannot find library"), "bad lib: %s", err);
	pattern_free(&p);

	long_parts();

	printf("%d failures\n", failures);
	return failures != 0;
}
