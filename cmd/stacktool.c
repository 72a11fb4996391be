#include "cmd/stacktool.h"

#include "cmd/stacktool_pprof.h"

#include "core/loop.h"
#include "core/stacks/flamegraph.h"
#include "core/stacks/stackfmt.h"
#include "core/stacks/stacks.h"
#include "core/stacks/symbols.h"
#include "core/stacks/wakeups.h"
#include "histo/json.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct stacktool_opts stacktool = { .min_us = 1, .max_us = ~0UL };

enum { OPT_FLAMEGRAPH = 0x200, OPT_LINES, OPT_INLINES, OPT_STATE, OPT_PPROF };

static const struct argp_option thread_options[] = {
	{ "user-threads-only", 'u', NULL, 0, "User threads only (no kernel threads)", 0 },
	{ "kernel-threads-only", 'k', NULL, 0, "Kernel threads only (no user threads)", 0 },
	{ 0 },
};

static error_t parse_threads(int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case 'u': stacktool.user_threads = true; return 0;
	case 'k': stacktool.kernel_threads = true; return 0;
	case ARGP_KEY_END: return args_exclusive(stacktool.user_threads, 'u', stacktool.kernel_threads, 'k');
	}
	return ARGP_ERR_UNKNOWN;
}

const struct argp stacktool_threads_argp = { thread_options, parse_threads };

static const struct argp_option format_options[] = {
	{ "delimited", 'd', NULL, 0, "Insert delimiter between kernel/user stacks", 0 },
	{ "offset", 's', NULL, 0, "Show address offsets", 0 },
	{ "lines", OPT_LINES, NULL, 0, "Show the source file:line of each frame (from DWARF)", 0 },
	{ "inlines", OPT_INLINES, NULL, 0, "Show functions inlined at each frame as frames of their own", 0 },
	{ 0 },
};

static error_t parse_format(int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case 'd': stacktool.delimited = true; return 0;
	case 's': stacktool.offsets = true; return 0;
	case OPT_LINES: stacktool.lines = true; return 0;
	case OPT_INLINES: stacktool.inlines = true; return 0;
	}
	return ARGP_ERR_UNKNOWN;
}

const struct argp stacktool_format_argp = { format_options, parse_format };

static int fg_fd = -1; /* --flamegraph's file, opened before tracing */

/* Now, not after the whole run: a path that cannot be written fails
 * before anything is attached.  When the options are parsed, else (a tool
 * with its own --flamegraph) when the programs are configured. */
static int open_flamegraph(void)
{
	if (stacktool.flamegraph && fg_fd < 0)
		fg_fd = flamegraph_output(stacktool.flamegraph);
	return stacktool.flamegraph && fg_fd < 0 ? fg_fd : 0;
}

static const struct argp_option flamegraph_options[] = {
	{ "flamegraph", OPT_FLAMEGRAPH, "FILE.svg", 0, "Also write an SVG flame graph to FILE.svg", 0 },
	{ "pprof", OPT_PPROF, "FILE", 0, "Write the stacks to FILE as a gzip'd pprof profile instead of printing them", 0 },
	{ 0 },
};

static error_t parse_flamegraph(int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case OPT_FLAMEGRAPH: stacktool.flamegraph = arg; return 0;
	case OPT_PPROF: stacktool.pprof = arg; return 0;
	case ARGP_KEY_END:
		/* Before the graph's file is opened: a refused run leaves none. */
		if (stacktool.pprof && stacktool.flamegraph) {
			log_err("--pprof writes a profile instead of printing stacks: not with --flamegraph");
			return EINVAL;
		}
		return open_flamegraph() ? EINVAL : 0;
	}
	return ARGP_ERR_UNKNOWN;
}

const struct argp stacktool_flamegraph_argp = { flamegraph_options, parse_flamegraph };

/* stackcount's wording of the same option. */
static const struct argp_option flamegraph_all_options[] = {
	{ "flamegraph", OPT_FLAMEGRAPH, "FILE.svg", 0, "Also write an SVG flame graph of all stacks to FILE.svg", 0 },
	{ "pprof", OPT_PPROF, "FILE", 0, "Write all stacks to FILE as a gzip'd pprof profile instead of printing them", 0 },
	{ 0 },
};

const struct argp stacktool_flamegraph_all_argp = { flamegraph_all_options, parse_flamegraph };

static const struct argp_option block_options[] = {
	{ "min-block-time", 'm', "US", 0, "The amount of time in microseconds over which we store traces (default 1)",
	  0 },
	{ "max-block-time", 'M', "US", 0,
	  "The amount of time in microseconds under which we store traces (default U64_MAX)", 0 },
	{ 0 },
};

static error_t parse_block(int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case 'm': return -args_ulong(arg, "minimum block time", 0, ~0UL, &stacktool.min_us);
	case 'M': return -args_ulong(arg, "maximum block time", 0, ~0UL, &stacktool.max_us);
	case ARGP_KEY_END:
		if (stacktool.min_us > stacktool.max_us) {
			log_err("minimum block time %lu is above the maximum %lu", stacktool.min_us, stacktool.max_us);
			return EINVAL;
		}
		return 0;
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
	if (key != OPT_STATE)
		return ARGP_ERR_UNKNOWN;
	stacktool.has_state = true;
	return -args_ulong(arg, "state", 0, ~0UL, &stacktool.state);
}

const struct argp state_argp = { state_options, parse_state };

static int set_bool(struct tracer *t, const char *name, bool v)
{
	int err = tracer_set_rodata(t, name, &v, sizeof(v));
	return err == -ENOENT ? 0 : err; /* not every tool has every filter */
}

static int set_u64(struct tracer *t, const char *name, __u64 v)
{
	int err = tracer_set_rodata(t, name, &v, sizeof(v));
	return err == -ENOENT ? 0 : err; /* off-CPU tools only */
}

static const struct stacktool_decl *decl;
static struct tracer *watched; /* the tick's */

int stacktool_configure(const struct tool *tool, struct tracer *t)
{
	const struct tool_stack_args *s = &tool_stack_args;
	decl = tool->family_data;
	if (decl->kernel_stacks_only)
		tool_stack_args.kernel_only = true;
	int err = open_flamegraph();
	err = err ?: stacktool.pprof ? stacktool_pprof_open(stacktool.pprof) : 0;
	if (err)
		return err; /* said already */
	err = set_bool(t, "filter_tgid", s->ntargets && !s->by_tid);
	err = err ?: set_bool(t, "filter_tid", s->ntargets && s->by_tid);
	err = err ?: set_bool(t, "user_threads_only", stacktool.user_threads);
	err = err ?: set_bool(t, "kernel_threads_only", stacktool.kernel_threads);
	err = err ?: set_bool(t, "stacks_kernel", !s->user_only);
	err = err ?: set_bool(t, "stacks_user", !s->kernel_only);
	/* Keys carry the process so user stacks resolve in its address space. */
	err = err ?: set_bool(t, "stacks_per_pid", true);
	err = err ?: set_bool(t, "filter_state", stacktool.has_state);
	err = err ?: set_u64(t, "state_mask", stacktool.state);
	err = err ?: set_u64(t, "min_us", stacktool.min_us);
	err = err ?: set_u64(t, "max_us", stacktool.max_us);
	struct bpf_map *traces = bpf_object__find_map_by_name(t->obj, "stack_traces");
	if (!err && traces && tool->takes & TOOL_STACK_STORAGE)
		err = bpf_map__set_max_entries(traces, s->stack_storage);
	if (err)
		log_err("cannot configure the stack maps: %s", strerror(-err));
	return err;
}

static struct symbols *syms;
static struct flamegraph *fg;

struct symbols *stacktool_symbols(void)
{
	if (syms)
		return syms;
	struct symbols_opts so = { .offsets = stacktool.offsets, .lines = stacktool.lines, .inlines = stacktool.inlines,
				.dwarf = stacktool.pprof != NULL };
	syms = symbols_open(&so);
	/* While the targets still run: their stacks get names even when
	 * they have exited by the time the summary is printed. */
	for (int i = 0; i < tool_stack_args.ntargets && !tool_stack_args.by_tid; i++)
		symbols_preload(syms, tool_stack_args.targets[i]);
	/* A tool's single -p (stackcount); 0 still says, once, when other
	 * users' frames cannot be read. */
	if (tool_current->takes & TOOL_PID)
		symbols_preload(syms, tool_args.pid);
	return syms;
}

static int fill_targets(struct tracer *t)
{
	struct bpf_map *map = bpf_object__find_map_by_name(t->obj, "targets");
	stacktool_symbols();
	__u8 one = 1;
	for (int i = 0; map && i < tool_stack_args.ntargets; i++) {
		__u32 id = tool_stack_args.targets[i];
		if (bpf_map__update_elem(map, &id, sizeof(id), &one, sizeof(one), BPF_ANY))
			return -errno;
	}
	return 0;
}

/* The IDs after the word: offcputime's "PIDs 185,175" and profile's
 * "PID [185, 175]" (BCC formats its Python list there). */
static const char *thread_context(bool python_list, char *buf, size_t len)
{
	const struct tool_stack_args *s = &tool_stack_args;
	if (s->ntargets) {
		const char *word = s->by_tid ? "TID" : "PID";
		size_t off = snprintf(buf, len, python_list ? "%s [" : "%ss ", word);
		for (int i = 0; i < s->ntargets && off < len; i++)
			off += snprintf(buf + off, len - off, "%s%d", !i ? "" : python_list ? ", " : ",", s->targets[i]);
		if (python_list && off < len)
			snprintf(buf + off, len - off, "]");
	} else {
		snprintf(buf, len, "%s", stacktool.user_threads     ? "user threads"
					 : stacktool.kernel_threads ? "kernel threads"
								    : "all threads");
	}
	return buf;
}

const char *stacktool_thread_context(char *buf, size_t len)
{
	return thread_context(false, buf, len);
}

const char *stacktool_thread_list(char *buf, size_t len)
{
	return thread_context(true, buf, len);
}

const char *stacktool_stack_context(void)
{
	return tool_stack_args.user_only ? "user" : tool_stack_args.kernel_only ? "kernel" : "user + kernel";
}

void stacktool_status(const char *fmt, ...)
{
	char what[512], secs[64];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	if (tool_args.duration_ms)
		snprintf(secs, sizeof(secs), " for %g secs.", tool_args.duration_ms / 1000.0);
	record_status("%s%s", what, tool_args.duration_ms ? secs : "... Hit Ctrl-C to end.");
}

struct flamegraph *stacktool_flamegraph(void)
{
	if (stacktool.flamegraph && !fg)
		fg = flamegraph_new(stacktool.flamegraph_title ?: decl->flamegraph_title, decl->count_name ?: "samples");
	return fg;
}

int stacktool_print_wakeups(struct tracer *t, const struct stackfmt *f, const struct wakeup_printer *p)
{
	struct wakeup_record *recs;
	int n = wakeups_read(bpf_object__find_map_fd_by_name(t->obj, "counts"),
			     bpf_object__find_map_fd_by_name(t->obj, "stack_traces"), &recs);
	if (n < 0)
		return n;
	struct flamegraph *graph = stacktool_flamegraph();
	if (output_mode == OUTPUT_TEXT)
		printf("\n");
	for (int i = 0; i < n; i++) {
		char line[32768];
		if (output_mode == OUTPUT_FOLDED || graph)
			p->folded(f, &recs[i], line, sizeof(line));
		if (graph)
			flamegraph_add(graph, line, recs[i].us);
		if (output_mode == OUTPUT_JSON)
			p->json(f, &recs[i]);
		else if (output_mode == OUTPUT_FOLDED)
			printf("%s %llu\n", line, (unsigned long long)recs[i].us);
		else
			p->text(f, &recs[i]);
	}
	free(recs);
	return 0;
}

void stacktool_wakeup_json(struct json *j, const struct wakeup_record *r, bool target_pid)
{
	json_init(j, stdout, false);
	json_object(j, NULL);
	json_str(j, "target", r->target);
	if (target_pid)
		json_u64(j, "target_pid", r->tgid);
	json_str(j, "waker", r->waker);
	json_u64(j, "waker_pid", r->w_tgid);
	json_u64(j, "us", r->us);
}

/* Every tick: read the mappings of processes that got new stacks while
 * they still run, so their user frames resolve after they exit. */
static void tick(void *ctx)
{
	struct bpf_map *m = bpf_object__find_map_by_name(watched->obj, "stack_new_pids");
	if (m && !tool_stack_args.kernel_only)
		stacks_preload_new(bpf_map__fd(m), stacktool_symbols());
}

int stacktool_print(struct tracer *t, const struct stackfmt *layout)
{
	struct bpf_map *counts = bpf_object__find_map_by_name(t->obj, "stack_counts");
	struct bpf_map *traces = bpf_object__find_map_by_name(t->obj, "stack_traces");
	struct stack_record *recs;
	if (!counts || !traces)
		return -ENOENT;
	struct stackfmt f = *layout;
	f.syms = stacktool_symbols();
	f.folded = output_mode == OUTPUT_FOLDED;
	f.json = output_mode == OUTPUT_JSON;
	f.kernel = !tool_stack_args.user_only;
	f.user = !tool_stack_args.kernel_only;
	stacktool_flamegraph();
	int n = stacks_read(bpf_map__fd(counts), bpf_map__fd(traces), true, &recs);
	if (n < 0)
		return n;
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

/* BCC's profile and offcputime: a blank line, then the stacks. */
static int print_profile_style(struct tracer *t)
{
	if (output_mode == OUTPUT_TEXT)
		printf("\n");
	struct stackfmt f = {
		.delimiter = stacktool.delimited,
		.profile_style = true,
		.addresses = stacktool.addresses,
		.kernel_suffix = stacktool.annotate ? "_[k]" : NULL,
	};
	return stacktool_print(t, &f);
}

static int summary(void *ctx, bool last)
{
	if (stacktool_pprof_on())
		return stacktool_pprof_collect(ctx, stacktool_symbols());
	return decl->print ? decl->print(ctx, last) : print_profile_style(ctx);
}

static int finish(void)
{
	int err = fg ? flamegraph_write_fd(fg, fg_fd, stacktool.flamegraph) : 0;
	int perr = stacktool_pprof_finish();
	err = err ?: perr;
	if (!fg && fg_fd >= 0)
		close(fg_fd);
	fg_fd = -1;
	flamegraph_free(fg);
	symbols_close(syms);
	fg = NULL;
	syms = NULL;
	return err;
}

int stacktool_run(const struct tool *tool, struct tracer *t)
{
	int err = fill_targets(t);
	if (err)
		return err;
	/* The tools count samples (profile: of period_ns CPU time each),
	 * microseconds blocked, or events, as their text does. */
	bool us = decl->count_name && !strcmp(decl->count_name, "us");
	struct stacktool_pprof_kind kind = { .type = decl->pprof_type ?: "samples",
					     .unit = us ? "microseconds" : "count",
					     .period_ns = stacktool.period_ns,
					     .waker_kernel_only = decl->kernel_stacks_only };
	err = stacktool_pprof_begin(&kind);
	if (err)
		return err;
	if (tool->header)
		tool->header();
	watched = t;
	struct loop l = { .interval_ms = stacktool.interval_ms, .duration_ms = tool_args.duration_ms,
			  .summary = summary, .ctx = t, .tick = tick, .tick_ms = 100 };
	err = loop_run(&l);
	return err < 0 ? err : finish();
}
