/* The seam between the stack tools and symbolize/: a frame as text, in the
 * forms BCC prints ("func", "func+0x1a", "[unknown]"), plus the inline chain
 * and file:line when asked.  One instance per tool run; strings are valid
 * until the next call. */
#ifndef BPFKIT_CORE_SYMBOLS_H
#define BPFKIT_CORE_SYMBOLS_H
#include <stdbool.h>
#include <stdint.h>

struct symbols;

struct symbols_opts {
	bool offsets;	/* "func+0x1a" */
	bool lines;	/* append " (file.c:123)" where DWARF has it */
	bool inlines;	/* inlined callers as extra frames */
	/* BCC's show_module: " [libc.so.6]" after a user frame (the file's
	 * name), " [kernel]" after a kernel one (or its module's name). */
	bool modules;
	/* DWARF's file:line and inline chains for the raw frames below
	 * (pprof, which prints no text: the text's frames would include the
	 * inlined ones too). */
	bool dwarf;
};

struct symbols *symbols_open(const struct symbols_opts *o);
void symbols_close(struct symbols *s);

/* Up to max frames for one address (more than one when inlined frames are
 * asked for), innermost first; returns how many. */
int symbols_kernel(struct symbols *s, uint64_t addr, const char **frames, int max);
int symbols_user(struct symbols *s, int pid, uint64_t addr, const char **frames, int max);
/* The symbolizer's frames themselves (symbolize/symbolize.h), for writers
 * that keep names, files and lines apart (pprof); and the mapping a user
 * address is in. */
struct sym_frame;
struct sym_mapping;
int symbols_kernel_frames(struct symbols *s, uint64_t addr, struct sym_frame *f, int max);
int symbols_user_frames(struct symbols *s, int pid, uint64_t addr, struct sym_frame *f, int max);
int symbols_user_mapping(struct symbols *s, int pid, uint64_t addr, struct sym_mapping *m);
/* A kernel stack taken in an fentry or fexit program, or below a function
 * one traces, holds the BPF trampoline's frame and, next to it, the traced
 * function at its first instruction (where it called the trampoline):
 * drops both, in place, so the stack reads as a kprobe's; returns how many
 * frames are left. */
int symbols_kernel_untrampoline(struct symbols *s, uint64_t *ips, int n);
/* Read a process's mappings now, while it runs: a traced process that
 * exits before its stacks are printed still gets names. */
void symbols_preload(struct symbols *s, int pid);
/* The process exited: drop what was cached about it. */
void symbols_forget(struct symbols *s, int pid);

#endif
