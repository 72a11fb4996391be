/* The probe-pattern grammar, kernel symbol suffixes, and resolution of user
 * functions and USDT probes in the test programs. */
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
