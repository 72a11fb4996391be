/* symbolize/: addresses to names, for the kernel and for processes.
 *
 * One address becomes one or more frames, innermost first: with inline
 * frames asked for, the functions inlined at the address come before the
 * function the code physically belongs to.  Names come from DWARF where it
 * exists (the binary's own, a separate debug file found by build-id or
 * .gnu_debuglink), else from the ELF symbol tables (.symtab, .dynsym,
 * MiniDebugInfo's .gnu_debugdata), else from a JIT's /tmp/perf-PID.map.
 *
 * Strings in frames stay valid until the next call: a lookup may give up
 * cached files to stay under the budgets. */
#ifndef BPFKIT_SYMBOLIZE_H
#define BPFKIT_SYMBOLIZE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sym_frame {
	const char *name;	/* NULL when nothing names the address */
	uint64_t offset;	/* from the symbol's start (outermost frame) */
	const char *file;	/* source file, NULL without line info */
	unsigned line, column;
	const char *module;	/* kernel module or ELF path; NULL for vmlinux */
	const char *symbol;	/* the ELF symbol (outermost frame), which can
				 * differ from DWARF's name: "f.isra.0" */
	const char *linkage;	/* the symbol as the ELF file spells it
				 * (mangled), outermost frame; else NULL */
	bool inlined;		/* inlined into the frame that follows */
};

struct symbolizer_opts {
	bool dwarf;		/* file:line (and inline frames when inlines) */
	bool inlines;
	bool demangle;		/* C++ and Rust names as written in source */
	bool dwarf_names;	/* outermost name from DWARF, as addr2line -f does */
	/* Colon-separated roots holding .build-id/ and mirrored debug files;
	 * NULL: $BPFKIT_DEBUGINFO_PATH, else /usr/lib/debug. */
	const char *debuginfo_path;
	/* Upper bound for cached ELF and DWARF data; 0: 256 MiB. */
	size_t cache_bytes;
	/* Why an input was refused or cut short (a perf map owned by another
	 * user, a decompression bomb), one line each; NULL: silent. */
	void (*note)(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
};

struct symbolizer;

struct symbolizer *symbolizer_new(const struct symbolizer_opts *o);
void symbolizer_free(struct symbolizer *s);

/* Each returns the number of frames written (at least 1 when max >= 1: an
 * unknown address is one frame with a NULL name). */
int sym_kernel(struct symbolizer *s, uint64_t addr, struct sym_frame *f, int max);
int sym_user(struct symbolizer *s, int pid, uint64_t addr, struct sym_frame *f, int max);
/* An address as the ELF file's own virtual address (addr2line -e). */
int sym_elf(struct symbolizer *s, const char *path, uint64_t addr, struct sym_frame *f, int max);

/* Frames the kernel gave as (build-id, file offset) (BPF_F_USER_BUILD_ID
 * stacks): they resolve in files added here whatever became of the process
 * (trace -s).  0, -ENOENT (unreadable), -ENODATA (no build-id), -E2BIG. */
int sym_add_build_id_file(struct symbolizer *s, const char *path);
int sym_build_id(struct symbolizer *s, const uint8_t *id, size_t idlen, uint64_t off, struct sym_frame *f,
		 int max);

/* The mapping holding a process's address: its range and offset in the
 * file, the file as the process names it ("[vdso]", "[anon]" for JIT code)
 * and the file's build-id (build_id_len 0 when it has none).  Strings stay
 * valid until the next call.  0, or -ENOENT when nothing maps addr. */
struct sym_mapping {
	uint64_t start, limit, offset;
	const char *path;
	const uint8_t *build_id;
	size_t build_id_len;
};
int sym_user_mapping(struct symbolizer *s, int pid, uint64_t addr, struct sym_mapping *m);

/* Read a process's mappings now, while it still runs. */
void sym_preload(struct symbolizer *s, int pid);
/* The process exited or exec'd: drop what was cached about it. */
void sym_forget(struct symbolizer *s, int pid);

/* Bytes the caches hold now (for tests and bench). */
size_t sym_cache_bytes(const struct symbolizer *s);
/* What the caches hold against their budgets (bytes: cache_bytes; open
 * files: a quarter of RLIMIT_NOFILE's soft limit, at most 256), the peaks
 * they reached and how many entries were given up to stay under them.
 * symbolizer_free() gives the same as a note. */
struct sym_cache_stats {
	size_t bytes, peak_bytes, max_bytes;
	int fds, peak_fds, max_fds;
	int files, procs;
	int entries;	/* files known: open, closed, or unreadable */
	unsigned long evicted;
};
void sym_cache_stats(const struct symbolizer *s, struct sym_cache_stats *st);
/* Bring the caches under their budget now (lookups do it every 64 calls);
 * a tool may call it between intervals. */
void sym_trim(struct symbolizer *s);

#endif
