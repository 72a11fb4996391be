/* The one probe-location grammar of funccount, stackcount, trace and argdist
 * (and the function tools to come), and its resolution into concrete attach
 * points:
 *
 *   func  p::func  :func kernel function (kprobe / fentry)
 *   lib:func  p:lib:func user function (uprobe); lib is a path, a library
 *                        name ("c" = libc, "pthread" = libpthread) or a
 *                        program name found in PATH
 *   r::func  r:lib:func  the same at the function's return
 *   func+0x12            an offset into a kernel function
 *   t:cat:event          tracepoint
 *   u:lib:probe  u:lib:provider:probe   USDT probe
 *
 * Every tool reads a text the same way; what a tool does not take (r: in
 * funccount, a glob in trace) it refuses in one line.  Names are globs
 * (fnmatch) unless regex is set (POSIX extended, anchored at both ends, as
 * BCC anchors them). */
#ifndef BPFKIT_CORE_PATTERN_H
#define BPFKIT_CORE_PATTERN_H
#include "core/binary.h" /* resolve_binary, which the resolution's callers use too */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum pattern_kind { PAT_KPROBE, PAT_UPROBE, PAT_TRACEPOINT, PAT_USDT };

/* Each part is the user's whole string (never cut: a cut glob or regex
 * names another set of probes); empty parts are "". */
struct pattern {
	enum pattern_kind kind;
	bool ret;	 /* r: at the function's return */
	char *lib;	 /* as given (uprobe, usdt) */
	char *provider;	 /* usdt, may be empty (= any) */
	char *category;	 /* tracepoint category glob */
	char *name;	 /* function, event or probe glob */
	uint64_t offset; /* func+0x12 */
	bool regex;
};

/* What a tool takes beyond functions, tracepoints and USDT probes named by
 * globs (the counting tools' set, 0). */
enum pattern_accept {
	PATTERN_REGEX = 1 << 0,	 /* names are regexes (funccount -r), not globs */
	PATTERN_RETURN = 1 << 1, /* r: probes */
	PATTERN_OFFSET = 1 << 2, /* func+0x12 */
	PATTERN_TYPED = 1 << 3,	 /* the probe type is written out (argdist) */
	PATTERN_NAMES = 1 << 4,	 /* names, not globs: C identifiers, paths */
};
#define PATTERN_TRACE (PATTERN_RETURN | PATTERN_OFFSET | PATTERN_NAMES)
#define PATTERN_ARGDIST (PATTERN_TRACE | PATTERN_TYPED)

/* Parse the location text[0, len) as a tool taking accept reads it.
 * Returns 0, or -EINVAL (-ENOMEM) with a one-line reason in why, which
 * does not repeat the text (the caller says where it is); after 0,
 * pattern_free() it. */
int pattern_parse_as(const char *text, size_t len, unsigned accept, struct pattern *p, char *why, size_t whylen);
/* A whole pattern argument of the counting tools (funccount, stackcount):
 * regex for -r; the reason names the pattern. */
int pattern_parse(const char *spec, bool regex, struct pattern *p, char *err, size_t errlen);
void pattern_free(struct pattern *p);

/* True when name matches the pattern's name part (glob or anchored regex). */
bool pattern_match(const struct pattern *p, const char *glob, const char *name);

/* One concrete thing to attach to.  The strings are as long as the names
 * they hold (a C++ symbol runs to hundreds of characters) and are freed
 * with attach_points_free(). */
struct attach_point {
	enum pattern_kind kind;
	char *name;	/* as displayed: function, "cat:event", "provider:probe" */
	char *target;	/* kprobe symbol, tracepoint "cat:event", usdt probe name */
	char *path;	/* uprobe/usdt binary, or "" */
	char *provider; /* usdt, or "" */
	uint64_t offset; /* uprobe: file offset */
	/* Tracepoint: a static one, whose event name is its tracepoint's and
	 * no other event's, so the raw tracepoint of that name is the same
	 * probe (not a kprobe or synthetic event, not a syscall event). */
	bool raw_tp;
};

void attach_points_free(struct attach_point *pts, int n);

/* Resolve to attach points (allocated array in *out, count returned):
 * kernel functions a kprobe can take (available_filter_functions, or
 * kallsyms less the kprobe blacklist), tracepoints a perf event can take
 * (tracefs), functions in a binary's symbol tables (its debug file's when
 * stripped), USDT notes.  pid (0 = any) lets library names resolve through
 * that process's mappings.  Returns -ENOENT with err set when nothing
 * matches. */
int pattern_resolve(const struct pattern *p, int pid, struct attach_point **out, char *err, size_t errlen);

/* "foo.isra.0" -> "foo": kernel symbol name without compiler suffixes
 * (.isra.N .constprop.N .part.N .cold .llvm.NNN) and the _noprof alloc-tag
 * rename, so a user can name the function as written in the source. */
void ksym_base_name(const char *sym, char *out, size_t len);

/* Names as "a, b, c and 4 more", as many as fit in len. */
void pattern_name_list(char *buf, size_t len, const char *const *names, int n);

#endif
