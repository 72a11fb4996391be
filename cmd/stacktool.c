#include "cmd/stacktool.h"

#include "core/args.h"
#include "core/stacks/flamegraph.h"
#include "core/log.h"
#include "core/stacks/stackfmt.h"
#include "core/stacks/stacks.h"
#include "core/stacks/symbols.h"
#include "core/tracer.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { OPT_STACK_STORAGE = 0x200, OPT_FLAMEGRAPH, OPT_LINES, OPT_INLINES, OPT_STATE };

/* -f and -j each want stdout to themselves. */
static int one_format(const struct stacktool_opts *o)
{
	if (o->folded && o->json) {
		log_err("-f and -j are two output formats: choose one");
		return EINVAL;
	}
	return 0;
}

static const struct argp_option options[] = {
	{ "pid", 'p', "PIDS", 0, "Trace these PIDs only (comma separated)", 0 },
	{ "tid", 't', "TIDS", 0, "Trace these TIDs only (comma separated)", 0 },
	{ "user-threads-only", 'u', NULL, 0, "User threads only (no kernel threads)", 0 },
	{ "kernel-threads-only", 'k', NULL, 0, "Kernel threads only (no user threads)", 0 },
	{ "user-stacks-only", 'U', NULL, 0, "Show stacks from user space only (no kernel space stacks)", 0 },
	{ "kernel-stacks-only", 'K', NULL, 0, "Show stacks from kernel space only (no user space stacks)", 0 },
	{ "delimited", 'd', NULL, 0, "Insert delimiter between kernel/user stacks", 0 },
	{ "folded", 'f', NULL, 0, "Output folded format", 0 },
	{ "json", 'j', NULL, 0, "One JSON object per stack (comm, pid, count, stacks as lists of frames)", 0 },
	{ "offset", 's', NULL, 0, "Show address offsets", 0 },
	{ "stack-storage-size", OPT_STACK_STORAGE, "SIZE", 0,
	  "The number of unique stack traces that can be stored and displayed (default 16384)", 0 },
	{ "flamegraph", OPT_FLAMEGRAPH, "FILE.svg", 0, "Also write an SVG flame graph to FILE.svg", 0 },
	{ "lines", OPT_LINES, NULL, 0, "Show the source file:line of each frame (from DWARF)", 0 },
	{ "inlines", OPT_INLINES, NULL, 0, "Show functions inlined at each frame as frames of their own", 0 },
	{ 0 },
};

static error_t parse_duration(struct stacktool_opts *o, const char *arg)
{
	if (o->has_duration) {
		log_err("unexpected argument '%s'", arg);
		return EINVAL;
	}
	o->has_duration = true;
	return -args_seconds(arg, "duration", &o->duration_ms);
}

static int fg_fd = -1; /* --flamegraph's file, opened before tracing */

/* Now, not after the whole run: a path that cannot be written fails
 * before anything is attached.  When the options are parsed, else (a tool
 * with its own --flamegraph) when the programs are configured. */
static int open_flamegraph(const struct stacktool_opts *o)
{
	if (o->flamegraph && fg_fd < 0)
		fg_fd = flamegraph_output(o->flamegraph);
	return o->flamegraph && fg_fd < 0 ? fg_fd : 0;
}

static error_t parse(int key, char *arg, struct argp_state *state)
{
	struct stacktool_opts *o = state->input;
	int n;
	switch (key) {
	case ARGP_KEY_ARG: return parse_duration(o, arg);
	case 'p':
	case 't':
		if (o->ntargets) {
			log_err("-p and -t are mutually exclusive");
			return EINVAL;
		}
		n = args_pid_list(arg, key == 'p' ? "PID" : "TID", o->targets, STACKTOOL_MAX_TARGETS);
		if (n < 0)
			return -n;
		o->ntargets = n;
		o->by_tid = key == 't';
		return 0;
	case 'u': o->user_threads = true; return 0;
	case 'k': o->kernel_threads = true; return 0;
	case 'U': o->user_only = true; return 0;
	case 'K': o->kernel_only = true; return 0;
	case 'd': o->delimited = true; return 0;
	case 'f': o->folded = true; return 0;
	case 'j': o->json = true; return 0;
	case 's': o->offsets = true; return 0;
	case OPT_STACK_STORAGE: return -args_ulong(arg, "stack storage size", 1, 1 << 24, &o->stack_storage);
	case OPT_FLAMEGRAPH: o->flamegraph = arg; return 0;
	case OPT_LINES: o->lines = true; return 0;
	case OPT_INLINES: o->inlines = true; return 0;
	case ARGP_KEY_END:
		if (o->user_threads && o->kernel_threads) {
			log_err("-u and -k are mutually exclusive");
			return EINVAL;
		}
		if (o->user_only && o->kernel_only) {
			log_err("-U and -K are mutually exclusive");
			return EINVAL;
		}
		if (one_format(o))
			return EINVAL;
		/* Now, not after the whole run: a path that cannot be written
		 * fails before anything is attached. */
		return open_flamegraph(o) ? EINVAL : 0;
	}
	return ARGP_ERR_UNKNOWN;
}

const struct argp stacktool_argp = { options, parse };

void stacktool_defaults(struct stacktool_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->stack_storage = 16384;
	o->count_name = "samples";
	o->min_us = 1;
	o->max_us = ~0UL;
}

static const struct argp_option block_options[] = {
	{ "min-block-time", 'm', "US", 0, "The amount of time in microseconds over which we store traces (default 1)",
	  0 },
	{ "max-block-time", 'M', "US", 0,
	  "The amount of time in microseconds under which we store traces (default U64_MAX)", 0 },
	{ 0 },
};

static error_t parse_block(int key, char *arg, struct argp_state *state)
{
	struct stacktool_opts *o = state->input;
	switch (key) {
	case 'm': return -args_ulong(arg, "minimum block time", 0, ~0UL, &o->min_us);
	case 'M': return -args_ulong(arg, "maximum block time", 0, ~0UL, &o->max_us);
	case ARGP_KEY_ARG: return parse_duration(o, arg);
	case ARGP_KEY_END:
		if (o->min_us > o->max_us) {
			log_err("minimum block time %lu is above the maximum %lu", o->min_us, o->max_us);
			return EINVAL;
		}
		return one_format(o); /* wakeuptime sets -f and -j itself */
	}
	return ARGP_ERR_UNKNOWN;
}

const struct argp blocktime_argp = { block_options, parse_block };

static const struct argp_option state_options[] = {
	{ "state", OPT_STATE, "STATE", 0,
	  "Filter on this thread state bitmask (eg, 2 == TASK_UNINTERRUPTIBLE); 0: preempted while runnable", 0 },
	{ 0 },
};

static error_t parse_state(int key, char *arg, struct argp_state *state)
{
	struct stacktool_opts *o = state->input;
	if (key != OPT_STATE)
		return ARGP_ERR_UNKNOWN;
	o->has_state = true;
	return -args_ulong(arg, "state", 0, ~0UL, &o->state);
}

const struct argp state_argp = { state_options, parse_state };

static int set_bool(struct tracer *t, const char *name, bool v)
{
	int err = tracer_set_rodata(t, name, &v, sizeof(v));
	return err == -ENOENT ? 0 : err; /* not every tool has every filter */
}

static const struct stacktool_opts *watched; /* stacktool_tick's options */

int stacktool_configure(struct tracer *t, const struct stacktool_opts *o)
{
	watched = o;
	int err = open_flamegraph(o);
	if (err)
		return err; /* said already */
	err = set_bool(t, "filter_tgid", o->ntargets && !o->by_tid);
	err = err ?: set_bool(t, "filter_tid", o->ntargets && o->by_tid);
	err = err ?: set_bool(t, "user_threads_only", o->user_threads);
	err = err ?: set_bool(t, "kernel_threads_only", o->kernel_threads);
	err = err ?: set_bool(t, "stacks_kernel", !o->user_only);
	err = err ?: set_bool(t, "stacks_user", !o->kernel_only);
	/* Keys carry the process so user stacks resolve in its address space. */
	err = err ?: set_bool(t, "stacks_per_pid", true);
	err = err ?: set_bool(t, "filter_state", o->has_state);
	/* Off-CPU tools only; the others have no such variables. */
	long state = o->state;
	int e = tracer_set_rodata(t, "state_mask", &state, sizeof(state));
	err = err ?: (e == -ENOENT ? 0 : e);
	__u64 min = o->min_us, max = o->max_us;
	e = tracer_set_rodata(t, "min_us", &min, sizeof(min));
	err = err ?: (e == -ENOENT ? 0 : e);
	e = tracer_set_rodata(t, "max_us", &max, sizeof(max));
	err = err ?: (e == -ENOENT ? 0 : e);
	struct bpf_map *traces = bpf_object__find_map_by_name(t->obj, "stack_traces");
	if (!err && traces)
		err = bpf_map__set_max_entries(traces, o->stack_storage);
	if (err)
		log_err("cannot configure the stack maps: %s", strerror(-err));
	return err;
}

static struct symbols *syms;
static struct flamegraph *fg;

static void open_symbols(const struct stacktool_opts *o)
{
	if (syms)
		return;
	struct symbols_opts so = { .offsets = o->offsets, .lines = o->lines, .inlines = o->inlines };
	syms = symbols_open(&so);
	/* While the targets still run: their stacks get names even when
	 * they have exited by the time the summary is printed. */
	for (int i = 0; i < o->ntargets && !o->by_tid; i++)
		symbols_preload(syms, o->targets[i]);
}

int stacktool_fill_targets(struct tracer *t, const struct stacktool_opts *o)
{
	struct bpf_map *map = bpf_object__find_map_by_name(t->obj, "targets");
	open_symbols(o);
	__u8 one = 1;
	for (int i = 0; map && i < o->ntargets; i++) {
		__u32 id = o->targets[i];
		if (bpf_map__update_elem(map, &id, sizeof(id), &one, sizeof(one), BPF_ANY))
			return -errno;
	}
	return 0;
}

/* The IDs after the word: offcputime's "PIDs 185,175" and profile's
 * "PID [185, 175]" (BCC formats its Python list there). */
static const char *thread_context(const struct stacktool_opts *o, bool python_list, char *buf, size_t len)
{
	if (o->ntargets) {
		const char *word = o->by_tid ? "TID" : "PID";
		size_t off = snprintf(buf, len, python_list ? "%s [" : "%ss ", word);
		for (int i = 0; i < o->ntargets && off < len; i++)
			off += snprintf(buf + off, len - off, "%s%d", !i ? "" : python_list ? ", " : ",", o->targets[i]);
		if (python_list && off < len)
			snprintf(buf + off, len - off, "]");
	} else {
		snprintf(buf, len, "%s", o->user_threads ? "user threads" : o->kernel_threads ? "kernel threads"
											 : "all threads");
	}
	return buf;
}

const char *stacktool_thread_context(const struct stacktool_opts *o, char *buf, size_t len)
{
	return thread_context(o, false, buf, len);
}

const char *stacktool_thread_list(const struct stacktool_opts *o, char *buf, size_t len)
{
	return thread_context(o, true, buf, len);
}

void stacktool_status(const struct stacktool_opts *o, const char *fmt, ...)
{
	FILE *out = o->folded || o->json ? stderr : stdout;
	va_list ap;
	va_start(ap, fmt);
	vfprintf(out, fmt, ap);
	va_end(ap);
	if (o->has_duration)
		fprintf(out, " for %g secs.\n", o->duration_ms / 1000.0);
	else
		fprintf(out, "... Hit Ctrl-C to end.\n");
	fflush(out);
}

const char *stacktool_stack_context(const struct stacktool_opts *o)
{
	return o->user_only ? "user" : o->kernel_only ? "kernel" : "user + kernel";
}

struct symbols *stacktool_symbols(const struct stacktool_opts *o)
{
	open_symbols(o);
	return syms;
}

struct flamegraph *stacktool_flamegraph(const struct stacktool_opts *o)
{
	if (o->flamegraph && !fg)
		fg = flamegraph_new(o->flamegraph_title, o->count_name);
	return fg;
}

void stacktool_tick(void *tracer)
{
	struct tracer *t = tracer;
	struct bpf_map *m = bpf_object__find_map_by_name(t->obj, "stack_new_pids");
	if (!m || !watched || watched->kernel_only)
		return;
	open_symbols(watched);
	stacks_preload_new(bpf_map__fd(m), syms);
}

int stacktool_print(struct tracer *t, const struct stacktool_opts *o, bool clear)
{
	struct bpf_map *counts = bpf_object__find_map_by_name(t->obj, "stack_counts");
	struct bpf_map *traces = bpf_object__find_map_by_name(t->obj, "stack_traces");
	struct stack_record *recs;
	if (!counts || !traces)
		return -ENOENT;
	open_symbols(o);
	stacktool_flamegraph(o);
	int n = stacks_read(bpf_map__fd(counts), bpf_map__fd(traces), clear, &recs);
	if (n < 0)
		return n;
	struct stackfmt f = {
		.syms = syms,
		.folded = o->folded,
		.json = o->json,
		.delimiter = o->delimited,
		.profile_style = true,
		.addresses = o->addresses,
		.kernel_suffix = o->annotate ? "_[k]" : NULL,
		.kernel = !o->user_only,
		.user = !o->kernel_only,
	};
	for (int i = 0; i < n; i++) {
		stackfmt_print(&f, &recs[i], stdout);
		if (fg) {
			char line[16384];
			stackfmt_folded(&f, &recs[i], line, sizeof(line));
			flamegraph_add(fg, line, recs[i].count);
		}
	}
	free(recs);
	fflush(stdout);
	return 0;
}

int stacktool_finish(const struct stacktool_opts *o)
{
	int err = fg ? flamegraph_write_fd(fg, fg_fd, o->flamegraph) : 0;
	if (!fg && fg_fd >= 0)
		close(fg_fd);
	fg_fd = -1;
	flamegraph_free(fg);
	symbols_close(syms);
	fg = NULL;
	syms = NULL;
	return err;
}
