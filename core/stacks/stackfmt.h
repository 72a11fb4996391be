/* Printing counted stacks (core/stacks/stacks.h) the way BCC's stack tools do:
 * multi-line (frames indented two spaces, optional "--" between kernel and
 * user frames, "comm [pid]", then the count) or folded for flame graphs
 * ("comm;user...;-;kernel... count"), and into an SVG flame graph. */
#ifndef BPFKIT_CORE_STACKFMT_H
#define BPFKIT_CORE_STACKFMT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct stack_record;
struct symbols;
struct flamegraph;
struct json;

struct stackfmt {
	struct symbols *syms;
	bool folded;	 /* -f */
	bool json;	 /* -j: a JSON object per stack */
	bool delimiter;	 /* -d: "--" / "-" between kernel and user frames */
	bool addresses;	 /* -v: raw address before each frame */
	bool show_comm;	 /* "comm [pid]" line (per-process keys) */
	/* profile/offcputime layout: frames indented four spaces, "[Missed
	 * Kernel Stack]" markers, "    -   comm (pid)" and the count below. */
	bool profile_style;
	bool kernel, user; /* which stacks were collected (profile style) */
	const char *kernel_suffix; /* profile -a: "_[k]" after kernel frames when folded */
};

/* One stack: multi-line, folded or JSON, per f.  JSON: {"comm", "pid",
 * "count", "user_stack", "kernel_stack"}, stacks as lists of frames
 * innermost first (inlined functions before their caller), null when lost,
 * left out when not collected. */
void stackfmt_print(const struct stackfmt *f, const struct stack_record *r, FILE *out);
/* The folded form of a stack, without the count, into buf. */
void stackfmt_folded(const struct stackfmt *f, const struct stack_record *r, char *buf, size_t len);

/* Building blocks for tools with their own layouts (wakeuptime,
 * offwaketime): one stack's frames, one per line with the style's indent,
 * innermost first or (outermost_first) reversed; and appended to a folded
 * line, outermost first. */
void stackfmt_frames(const struct stackfmt *f, const uint64_t *ips, int n, bool kernel, int pid,
		     bool outermost_first, FILE *out);
size_t stackfmt_append(const struct stackfmt *f, const uint64_t *ips, int n, bool kernel, int pid, char *buf,
		       size_t len, size_t off);
/* Where a kernel stack taken in a BPF program leaves the BPF plumbing that
 * ran it (the program, bpf_trace_runN, the tracepoint stub). */
int stackfmt_first_kernel_frame(struct symbols *syms, const uint64_t *ips, int n);
size_t stackfmt_append_text(char *buf, size_t len, size_t off, const char *text);
/* A member "key": [frames, innermost first] (null when the stack was
 * lost) of the object j is writing, for JSON objects of the tools' own
 * making. */
void stackfmt_json_stack(const struct stackfmt *f, struct json *j, const char *key, const uint64_t *ips, int n,
			 int64_t id, bool kernel, int pid);

/* An event's stack under its row, as BCC's capable and trace -K/-U print
 * it: each frame's function on a line indented eight spaces, or
 * "    [Missed Kind Stack]"; with -j the list "kernel_stack"/"user_stack"
 * of the record being written (core/record.h). */
void stackfmt_event_stack(struct symbols *syms, const char *kind, const uint64_t *ips, int n, bool kernel, int pid);

#endif
