/* What the stack tools (profile, offcputime, offwaketime, wakeuptime,
 * stackcount) share: the TOOL_STACKS shape's runner, their option groups,
 * configuring probes/lib/stacks.bpf.h and probes/lib/targets.bpf.h from the
 * options, and printing the counted stacks (text, folded, JSON, flame
 * graph) in BCC's layout.  Core parses the common stack options
 * (tool_stack_args, core/tool.h); the groups here are the family's own. */
#ifndef BPFKIT_CMD_STACKTOOL_H
#define BPFKIT_CMD_STACKTOOL_H
#include "core/tool.h"

struct stackfmt;
struct symbols;
struct flamegraph;

/* The family's options, set by its option groups and by its tools. */
struct stacktool_opts {
	bool user_threads, kernel_threads; /* -u / -k */
	bool delimited, offsets;	   /* -d -s */
	bool lines, inlines;		   /* --lines --inlines (DWARF) */
	bool annotate;			   /* profile -a: kernel frames end in _[k] */
	bool addresses;			   /* raw addresses too (profile -A, -v) */
	const char *flamegraph;		   /* --flamegraph FILE.svg */
	const char *pprof;		   /* --pprof FILE: a profile, not text */
	/* profile: the CPU time one sample stands for (pprof's period). */
	unsigned long long period_ns;
	unsigned long min_us, max_us;	   /* -m / -M (blocktime_argp) */
	unsigned long state;		   /* --state (state_argp) */
	bool has_state;
	unsigned long interval_ms; /* a summary every so often (stackcount -i); 0: at the end */
	/* The flame graph's title where it is the command's, not the tool's
	 * (stackcount: the pattern); set before tracing. */
	const char *flamegraph_title;
};
extern struct stacktool_opts stacktool;

/* Option groups (struct tool's .family): -u -k; -d -s --lines --inlines;
 * --flamegraph FILE.svg and --pprof FILE (cmd/stacktool_pprof.h); the off-CPU tools' -m MIN_BLOCK_TIME and
 * -M MAX_BLOCK_TIME (microseconds); and --state STATE, BCC's filter on the
 * state a task blocks in (probes/lib/taskstate.bpf.h). */
extern const struct argp stacktool_threads_argp, stacktool_format_argp, stacktool_flamegraph_argp;
/* --flamegraph in stackcount's words ("... of all stacks ..."). */
extern const struct argp stacktool_flamegraph_all_argp;
extern const struct argp blocktime_argp, state_argp;

/* What the runner needs to know of a tool (its .family_data). */
struct stacktool_decl {
	const char *flamegraph_title;
	const char *count_name; /* of the flame graph's counts; default "samples" */
	const char *pprof_type; /* what --pprof's values count: "off_cpu"; default "samples" */
	bool kernel_stacks_only; /* wakeuptime: the waker's kernel stack, as BCC */
	/* One summary, in the tool's own layout; default: the counted stacks
	 * of probes/lib/stacks.bpf.h in BCC's profile layout. */
	int (*print)(struct tracer *t, bool last);
};

/* A stack tool, named id (probes/id.skel.h), with its decl's fields after
 * it: DECLARE_STACK_TOOL(offcputime, { .count_name = "us" }, .category =
 * ...).  Its .header prints the status line (stacktool_status). */
#define DECLARE_STACK_TOOL(id, decl, ...)                                                      \
	DECLARE_TOOL(id, .shape = TOOL_STACKS, .family_configure = stacktool_configure,          \
		     .run = stacktool_run, .family_data = &(const struct stacktool_decl)decl, \
		     __VA_ARGS__)

/* Before load: rodata filters and map sizes. */
int stacktool_configure(const struct tool *tool, struct tracer *t);
/* Once attached: the targets, the status line, a summary at each interval
 * and at the end, the flame graph. */
int stacktool_run(const struct tool *tool, struct tracer *t);

/* "PIDs 185,175" / "all threads"; profile's form, "PID [185, 175]"; and
 * "user + kernel", for status lines. */
const char *stacktool_thread_context(char *buf, size_t len);
const char *stacktool_thread_list(char *buf, size_t len);
const char *stacktool_stack_context(void);
/* The "Tracing ... stack" status line (record_status()), with BCC's
 * " for N secs." or "... Hit Ctrl-C to end." ending. */
void stacktool_status(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print and clear the counted stacks in f's layout (its symbols, and
 * which stacks were collected, filled in), adding them to the flame graph. */
int stacktool_print(struct tracer *t, const struct stackfmt *f);
/* For tools with their own maps and layouts: the shared symbolizer, and the
 * flame graph when --flamegraph was given (NULL otherwise). */
struct symbols *stacktool_symbols(void);
struct flamegraph *stacktool_flamegraph(void);

/* The wakeup tools (offwaketime, wakeuptime): their BPF objects' "counts"
 * and "stack_traces" maps read and cleared, each record folded into a line
 * for folded output and the flame graph, or printed as text or JSON. */
struct wakeup_record;
struct stackfmt;
struct wakeup_printer {
	void (*folded)(const struct stackfmt *f, const struct wakeup_record *r, char *line, size_t len);
	void (*text)(const struct stackfmt *f, const struct wakeup_record *r);
	void (*json)(const struct stackfmt *f, const struct wakeup_record *r);
};
int stacktool_print_wakeups(struct tracer *t, const struct stackfmt *f, const struct wakeup_printer *p);
/* A record's JSON object begun on stdout: target (and its PID, where the
 * tool has it), waker, waker_pid, us; the caller adds stacks and ends it. */
struct json;
void stacktool_wakeup_json(struct json *j, const struct wakeup_record *r, bool target_pid);

#endif
