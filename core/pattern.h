/* The probe-pattern grammar funccount, stackcount (and later trace/argdist)
 * share, and its resolution into concrete attach points:
 *
 *   func  p::func        kernel function (kprobe / fentry)
 *   lib:func  p:lib:func user function (uprobe); lib is a path, a library
 *                        name ("c" = libc, "pthread" = libpthread) or a
 *                        program name found in PATH
 *   t:cat:event          tracepoint
 *   u:lib:probe  u:lib:provider:probe   USDT probe
 *
 * Names are globs (fnmatch) unless regex is set (POSIX extended, anchored
 * at both ends, as BCC anchors them). */
#ifndef BPFKIT_CORE_PATTERN_H
#define BPFKIT_CORE_PATTERN_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum pattern_kind { PAT_KPROBE, PAT_UPROBE, PAT_TRACEPOINT, PAT_USDT };

/* Each part is the user's whole string (never cut: a cut glob or regex
 * names another set of probes); empty parts are "". */
struct pattern {
	enum pattern_kind kind;
	char *lib;	/* as given (uprobe, usdt) */
	char *provider; /* usdt, may be empty (= any) */
	char *category; /* tracepoint category glob */
	char *name;	/* function, event or probe glob */
	bool regex;
};

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

/* Parse a spec.  Returns 0, or -EINVAL (-ENOMEM) with a one-line reason in
 * err; after 0, pattern_free() it. */
int pattern_parse(const char *spec, bool regex, struct pattern *p, char *err, size_t errlen);
void pattern_free(struct pattern *p);

/* True when name matches the pattern's name part (glob or anchored regex). */
bool pattern_match(const struct pattern *p, const char *glob, const char *name);

/* Resolve to attach points (allocated array in *out, count returned).  pid
 * (0 = any) lets library names resolve through that process's mappings.
 * Returns -ENOENT with err set when nothing matches. */
int pattern_resolve(const struct pattern *p, int pid, struct attach_point **out, char *err, size_t errlen);

/* Library or program name to a path: "c" -> /lib/x86_64-linux-gnu/libc.so.6.
 * -ENAMETOOLONG when the path does not fit in len (never a cut path, which
 * names another file), -ENOENT when there is none. */
int resolve_binary(const char *lib, int pid, char *path, size_t len);

/* An ELF virtual address to its file offset, through the loaded segments
 * (only executable ones when exec). 0 or -ENOENT. */
typedef struct Elf Elf;
int elf_vaddr_offset(Elf *elf, uint64_t addr, bool exec, uint64_t *off);

/* "foo.isra.0" -> "foo": kernel symbol name without compiler suffixes
 * (.isra.N .constprop.N .part.N .cold .llvm.NNN) and the _noprof alloc-tag
 * rename, so a user can name the function as written in the source. */
void ksym_base_name(const char *sym, char *out, size_t len);

/* Names as "a, b, c and 4 more", as many as fit in len. */
void pattern_name_list(char *buf, size_t len, const char *const *names, int n);

#endif
