/* funcslower: the calls of kernel or user functions slower than a
 * threshold, one line each with its latency, return value and optionally
 * its first arguments and stacks, as BCC's funcslower. */
#include "core/functime.h"
#include "core/stacks/stackfmt.h"
#include "core/stacks/stacks.h"
#include "core/stacks/symbols.h"
#include "core/tool.h"
#include "probes/funcslower.skel.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "probes/funcslower.h"

static unsigned long nargs;
static bool show_args, hms, timestamp, folded, kernel_stack, user_stack;
static bool in_us; /* -u given (and not -m): the unit is microseconds */
static double min_value = 1; /* in the unit, as BCC prints it */
static unsigned long long min_ns = 1000000;
static struct symbols *syms;

enum { OPT_MIN_MS = 'm', OPT_MIN_US = 'u' };

static const struct tool_option options[] = {
	OPT_ULONG('a', "arguments", "ARGUMENTS", &nargs, 0, FUNCSLOWER_MAX_ARGS,
		  "Print this many entry arguments, as hex"),
	OPT_FLAG('T', "time", &hms, "Show HH:MM:SS timestamp"),
	OPT_FLAG('t', "timestamp", &timestamp, "Show timestamp in seconds at us resolution"),
	FUNCTIME_KPROBES_OPTION,
	OPT_FLAG('v', "verbose", &tool_pattern.debug, "Print the BPF programs (for debugging purposes)"),
	OPT_FLAG('f', "folded", &folded, "Output folded format, one line per stack (for flame graphs)"),
	OPT_FLAG('U', "user-stack", &user_stack, "Output user stack trace", .rodata = "user_stack"),
	OPT_FLAG('K', "kernel-stack", &kernel_stack, "Output kernel stack trace", .rodata = "kernel_stack"),
	{ { 0 } },
};

static const struct argp_option min_options[] = {
	{ "min-ms", OPT_MIN_MS, "MIN_MS", 0, "Minimum duration to trace (ms)", 0 },
	{ "min-us", OPT_MIN_US, "MIN_US", 0, "Minimum duration to trace (us)", 0 },
	{ 0 },
};

/* -m and -u: fractions allowed, rounded to an integer nanosecond, as in
 * BCC, where -m wins over -u. */
static bool ms_given;

static error_t parse(int key, char *arg, struct argp_state *state)
{
	if (key != OPT_MIN_MS && key != OPT_MIN_US)
		return ARGP_ERR_UNKNOWN;
	char *end;
	double v = strtod(arg, &end);
	if (!*arg || *end || !(v > 0) || v > 1e9) {
		log_err("invalid %s '%s': expected a positive number of %s", key == OPT_MIN_MS ? "MIN_MS" : "MIN_US",
			arg, key == OPT_MIN_MS ? "milliseconds" : "microseconds");
		return EINVAL;
	}
	if (key == OPT_MIN_US && ms_given)
		return 0;
	ms_given |= key == OPT_MIN_MS;
	in_us = key == OPT_MIN_US;
	min_value = v;
	min_ns = (unsigned long long)(v * (in_us ? 1e3 : 1e6));
	return 0;
}

static int configure(struct tracer *t)
{
	if (folded && output_mode == OUTPUT_JSON) {
		log_err("-f and -j are two output formats: choose one");
		return -EINVAL;
	}
	if (folded && !kernel_stack && !user_stack) {
		log_err("-f prints stacks: add -U, -K or both");
		return -EINVAL;
	}
	int err = functime_only_functions();
	if (err)
		return err;
	if (folded)
		output_mode = OUTPUT_FOLDED;
	struct funcslower_bpf *s = t->skel;
	s->rodata->min_ns = min_ns;
	show_args = nargs > 0;
	s->rodata->grab_args = show_args;
	if (kernel_stack || user_stack)
		syms = symbols_open(&(struct symbols_opts){ 0 });
	if (!kernel_stack)
		bpf_map__set_max_entries(s->maps.entry_kstacks, 1);
	return 0;
}

static void status(void)
{
	/* BCC prints nothing before folded stacks; the line still says, on
	 * stderr, that tracing started. */
	record_status("Tracing function calls slower than %g %s... Ctrl+C to quit.", min_value, in_us ? "us" : "ms");
}

/* BCC's FUNC: the function as its argument named it; for a pattern that
 * names several, each as LIB:NAME or NAME. */
static void func(const struct record_column *c, const void *rec, size_t size)
{
	const struct funcslower_event *e = rec;
	if (e->idx >= (unsigned long long)tool_pattern.n) {
		rec_col_str(c, "?");
		return;
	}
	const struct attach_point *a = &tool_pattern.pts[e->idx];
	const struct pattern *p = &tool_pattern.pats[tool_pattern.spec_of[e->idx]];
	char buf[1024];
	if (a->kind == PAT_UPROBE)
		snprintf(buf, sizeof(buf), "%s:%s", p->lib, a->name);
	else
		snprintf(buf, sizeof(buf), "%s", a->name);
	rec_col_str(c, buf);
}

static void args(const struct record_column *c, const void *rec, size_t size)
{
	const struct funcslower_event *e = rec;
	char text[FUNCSLOWER_MAX_ARGS][24];
	const char *list[FUNCSLOWER_MAX_ARGS];
	char line[FUNCSLOWER_MAX_ARGS * 24] = "";
	size_t off = 0;
	for (unsigned long i = 0; i < nargs; i++) {
		snprintf(text[i], sizeof(text[i]), "0x%llx", (unsigned long long)e->args[i]);
		list[i] = text[i];
		off += snprintf(line + off, sizeof(line) - off, "%s%s", i ? " " : "", text[i]);
	}
	if (output_mode == OUTPUT_JSON)
		rec_list("args", list, nargs);
	else
		rec_col_str(c, line);
}

/* Under the row, as BCC: the kernel frames, then the user frames, each
 * on a line of its own indented four spaces; with -j their lists. */
static void stacks(const struct record_column *c, const void *rec, size_t size)
{
	const struct funcslower_event *e = rec;
	if (size < sizeof(*e))
		return;
	if (output_mode == OUTPUT_JSON) {
		if (kernel_stack)
			stackfmt_event_stack(syms, "Kernel", (const uint64_t *)e->kstack, e->nkstack, true, e->pid);
		if (user_stack)
			stackfmt_event_stack(syms, "User", (const uint64_t *)e->ustack, e->nustack, false, e->pid);
		return;
	}
	struct stackfmt f = { .syms = syms, .profile_style = true };
	stackfmt_frames(&f, (const uint64_t *)e->kstack, e->nkstack, true, 0, false, stdout);
	stackfmt_frames(&f, (const uint64_t *)e->ustack, e->nustack, false, e->pid, false, stdout);
}

#define EV struct funcslower_event
static const struct record_column columns[] = {
	COL_TIME("TIME", "%-10s ", .when = &hms),
	COL(EV, start_ns, "TIME", "%-10.6f ", .scale = 1e9, .since_first = true, .when = &timestamp, .unless = &hms,
	    .key = "time_s"),
	COL(EV, comm, "COMM", "%-14.14s "),
	COL(EV, pid, "PID", "%-6u "),
	COL(EV, duration_ns, "LAT(ms)", "%7.2f ", .scale = 1e6, .unless = &in_us),
	COL(EV, duration_ns, "LAT(us)", "%7.2f ", .scale = 1e3, .when = &in_us),
	COL(EV, retval, "RVAL", "%16x "),
	COL_CALL("FUNC", "%s ", func, .hfmt = "%s"),
	COL_CALL("ARGS", "%s", args, .hfmt = " %s", .when = &show_args),
	COL_CALL("STACK", "", stacks, .below = true),
	{ 0 },
};

/* -f: "comm;user frames;-;kernel frames 1", outermost first, a line per
 * call (BCC's folded output, which a flame graph sums). */
static int event(const void *data, size_t size)
{
	static struct funcslower_event copy;
	const struct funcslower_event *e = data;
	/* Kernel functions by fentry/fexit: without the trampoline's frames. */
	if (size >= sizeof(copy) && e->nkstack) {
		memcpy(&copy, data, sizeof(copy));
		copy.nkstack = symbols_kernel_untrampoline(syms, (uint64_t *)copy.kstack, copy.nkstack);
		e = &copy;
		data = &copy;
	}
	if (!folded) {
		record_row(columns, data, size);
		return 0;
	}
	if (size < sizeof(*e))
		return 0;
	static struct stack_record r;
	memset(&r, 0, offsetof(struct stack_record, kips));
	r.pid = e->pid;
	memcpy(r.comm, e->comm, sizeof(r.comm));
	r.nk = e->nkstack, r.nu = e->nustack;
	memcpy(r.kips, e->kstack, r.nk * sizeof(r.kips[0]));
	memcpy(r.uips, e->ustack, r.nu * sizeof(r.uips[0]));
	struct stackfmt f = { .syms = syms, .delimiter = r.nk && r.nu };
	char line[16384];
	stackfmt_folded(&f, &r, line, sizeof(line));
	printf("%s 1\n", line);
	fflush(stdout);
	return 0;
}

static int end(struct tracer *t)
{
	symbols_close(syms);
	syms = NULL;
	return 0;
}

DECLARE_TOOL(funcslower, .category = "debugging", .summary = "Trace slow kernel or user function calls",
	     .shape = TOOL_EVENTS, .takes = TOOL_PATTERN | TOOL_PATTERNS | TOOL_PID | TOOL_EVENT_OPTIONS,
	     .help = { .pid = "Trace this PID only", .pattern = "vfs_write",
		       .after = "Each FUNCTION is func (kernel) or lib:func (user); '*' is a wildcard\n"
				"(or use -r for regular expressions). The default threshold is 1 ms." },
	     .args_doc = "FUNCTION...", .bound = options, .options = min_options, .parse = parse,
	     .configure = configure, .header = status, .columns = columns, .event = event,
	     .event_size = offsetof(struct funcslower_event, kstack), .end = end,
	     .examples = "  funcslower vfs_write        # trace vfs_write calls slower than 1ms\n"
			 "  funcslower -m 10 vfs_write  # same, but slower than 10ms\n"
			 "  funcslower -u 10 c:open     # trace open calls slower than 10us\n"
			 "  funcslower -p 135 c:open    # trace pid 135 only\n"
			 "  funcslower c:malloc c:free  # trace both malloc and free slower than 1ms\n"
			 "  funcslower -a 2 c:open      # show first two arguments to open\n"
			 "  funcslower -UK -m 10 c:open # user and kernel stacks of calls over 10ms\n"
			 "  funcslower -f -UK c:open    # Output in folded format for flame graphs");
