/* wakeuptime: summarize how long tasks were blocked, by the kernel stack of
 * the task that woke them, as BCC's wakeuptime. */
#include "cmd/stacktool.h"
#include "core/stacks/flamegraph.h"
#include "core/stacks/stackfmt.h"
#include "core/stacks/wakeups.h"
#include "histo/json.h"
#include "probes/wakeuptime.skel.h"

/* sched_waking, not sched_wakeup: it fires in the waker's context even when
 * the wakeup is finished by an IPI on the target's CPU. */
static const struct probe_spec probes[] = { PROBE_BTF_RAW("sched_switch", "switch"),
					    PROBE_BTF_RAW("sched_waking", "wakeup") };

static const struct argp_option options[] = {
	{ "useronly", 'u', NULL, 0, "User threads only (no kernel threads)", 0 },
	{ "pid", 'p', "PID", 0, "Trace this PID only", 0 },
	{ "verbose", 'v', NULL, 0, "Show raw addresses", 0 },
	{ 0 },
};

static error_t parse(int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case 'u': stacktool.user_threads = true; return 0;
	case 'p': tool_stack_args.ntargets = 1; return -args_pid(arg, "PID", &tool_stack_args.targets[0]);
	case 'v': stacktool.addresses = true; return 0;
	}
	return ARGP_ERR_UNKNOWN;
}

static int configure(struct tracer *t)
{
	((struct wakeuptime_bpf *)t->skel)->rodata->want_user = false; /* no user stacks to name */
	return 0;
}

static void header(void)
{
	stacktool_status("Tracing blocked time (us) by kernel stack");
}

static void folded(const struct stackfmt *f, const struct wakeup_record *r, char *line, size_t len)
{
	size_t off = stackfmt_append_text(line, len, 0, r->waker);
	off = stackfmt_append(f, r->w.kips, r->w.nk, true, 0, line, len, off);
	stackfmt_append_text(line, len, off, r->target);
}

static void json(const struct stackfmt *f, const struct wakeup_record *r)
{
	struct json j;
	stacktool_wakeup_json(&j, r, false);
	stackfmt_json_stack(f, &j, "waker_kernel_stack", r->w.kips, r->w.nk, r->w.kstack_id, true, 0);
	json_line_end(&j);
}

static void text(const struct stackfmt *f, const struct wakeup_record *r)
{
	printf("    %-16s %s\n", "target:", r->target);
	stackfmt_frames(f, r->w.kips, r->w.nk, true, 0, false, stdout);
	printf("    %-16s %s\n        %llu\n\n", "waker:", r->waker, (unsigned long long)r->us);
}

static int print(struct tracer *t, bool last)
{
	static const struct wakeup_printer printer = { folded, text, json };
	struct stackfmt f = { .syms = stacktool_symbols(), .profile_style = true, .addresses = stacktool.addresses };
	int err = stacktool_print_wakeups(t, &f, &printer);
	if (!err && output_mode == OUTPUT_TEXT && last)
		printf("Detaching...\n");
	fflush(stdout);
	return err;
}

DECLARE_STACK_TOOL(wakeuptime,
		   { .flamegraph_title = "Wakeup Time Flame Graph", .count_name = "us", .pprof_type = "blocked", .kernel_stacks_only = true,
		     .print = print },
		   .category = "scheduler", .summary = "Summarize sleep to wakeup time by waker kernel stack",
		   .takes = TOOL_FOLDED | TOOL_JSON | TOOL_STACK_STORAGE | TOOL_DURATION_ARG,
		   .stack_help.json = "One JSON object per (target, waker stack, waker): {target, waker, us, "
				      "waker_kernel_stack}",
		   .options = options, .parse = parse, .args_doc = "[duration]",
		   .family = { &stacktool_flamegraph_argp, &blocktime_argp }, TOOL_PROBES(probes),
		   .configure = configure, .header = header,
		   .examples = "  wakeuptime             # trace blocked time with waker stacks\n"
			       "  wakeuptime 5           # trace for 5 seconds only\n"
			       "  wakeuptime -f 5        # trace for 5 seconds, and output in folded format\n"
			       "  wakeuptime -u          # don't include kernel threads (user only)\n"
			       "  wakeuptime -p 185      # trace for PID 185 only");
