/* What the sampling and off-CPU stack tools (profile, offcputime, ...)
 * share: their common options, configuring probes/lib/stacks.bpf.h and
 * probes/lib/targets.bpf.h from them, and printing the counted stacks (text,
 * folded, flame graph) in BCC's layout. */
#ifndef BPFKIT_CORE_STACKTOOL_H
#define BPFKIT_CORE_STACKTOOL_H
#include <argp.h>
#include <stdbool.h>
#include <sys/types.h>

struct tracer;
struct symbols;
struct flamegraph;

#define STACKTOOL_MAX_TARGETS 64

struct stacktool_opts {
	pid_t targets[STACKTOOL_MAX_TARGETS];
	int ntargets;
	bool by_tid;		/* -t: targets are thread IDs */
	bool user_threads, kernel_threads; /* -u / -k */
	bool user_only, kernel_only;	    /* -U / -K */
	bool delimited, folded, offsets;    /* -d -f -s */
	bool json;			    /* -j */
	bool lines, inlines;		    /* --lines --inlines (DWARF) */
	bool annotate;			    /* profile -a: kernel frames end in _[k] */
	bool addresses;			    /* profile -A: raw addresses too */
	unsigned long stack_storage;	    /* --stack-storage-size */
	const char *flamegraph;		    /* --flamegraph FILE.svg */
	const char *flamegraph_title, *count_name;
	unsigned long min_us, max_us;	    /* -m / -M (blocktime_argp) */
	unsigned long state;		    /* --state (state_argp) */
	bool has_state;
	unsigned long duration_ms;	    /* the [duration] positional */
	bool has_duration;
};

/* Both children below also take the tools' "[duration]" positional. */

/* argp child: -p PIDS -t TIDS -u -k -U -K -d -f -j -s --stack-storage-size
 * --flamegraph --lines --inlines.  Its input is a struct stacktool_opts *. */
extern const struct argp stacktool_argp;
void stacktool_defaults(struct stacktool_opts *o);
/* argp child for the off-CPU tools: -m MIN_BLOCK_TIME -M MAX_BLOCK_TIME
 * (microseconds); stacktool_configure sets min_us/max_us in the program. */
extern const struct argp blocktime_argp;
/* argp child of offcputime and offwaketime: --state STATE, BCC's filter on
 * the state a task blocks in (probes/lib/taskstate.bpf.h). */
extern const struct argp state_argp;

/* Before load: rodata filters and map sizes. */
int stacktool_configure(struct tracer *t, const struct stacktool_opts *o);
/* After load: the PID/TID list. */
int stacktool_fill_targets(struct tracer *t, const struct stacktool_opts *o);
/* "PIDs 185,175" / "all threads", and "user + kernel", for headers. */
const char *stacktool_thread_context(const struct stacktool_opts *o, char *buf, size_t len);
/* profile's form of the first: "PID [185, 175]", as BCC's profile prints it. */
const char *stacktool_thread_list(const struct stacktool_opts *o, char *buf, size_t len);
const char *stacktool_stack_context(const struct stacktool_opts *o);
/* The "Tracing ... stack" status line, with BCC's " for N secs." or
 * "... Hit Ctrl-C to end." ending; on stderr in folded and JSON modes so
 * stdout holds only stacks. */
void stacktool_status(const struct stacktool_opts *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A struct loop's tick: read the mappings of processes that got new stacks
 * while they still run, so their user frames resolve after they exit. */
void stacktool_tick(void *tracer);
/* Print and clear the counted stacks; adds them to the flame graph when
 * one was asked for (written by stacktool_finish). */
int stacktool_print(struct tracer *t, const struct stacktool_opts *o, bool clear);
int stacktool_finish(const struct stacktool_opts *o);
/* For tools with their own maps and layouts (wakeuptime, offwaketime): the
 * shared symbolizer, and the flame graph when --flamegraph was given (NULL
 * otherwise); stacktool_finish saves and frees both. */
struct symbols *stacktool_symbols(const struct stacktool_opts *o);
struct flamegraph *stacktool_flamegraph(const struct stacktool_opts *o);

#endif
