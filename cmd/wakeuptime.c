/* wakeuptime: summarize how long tasks were blocked, by the kernel stack of
 * the task that woke them, as BCC's wakeuptime. */
#include "core/args.h"
#include "core/stacks/flamegraph.h"
#include "core/log.h"
#include "core/loop.h"
#include "core/stacks/stackfmt.h"
#include "cmd/stacktool.h"
#include "core/stacks/symbols.h"
#include "core/tool.h"
#include "core/tracer.h"
#include "histo/histo.h"
#include "histo/json.h"
#include "core/stacks/wakeups.h"
#include "probes/wakeuptime.skel.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct probe_spec probes[] = {
	{ "sched_switch",
	  { { PM_TP_BTF, "switch_btf", "sched_switch" }, { PM_RAW_TP, "switch_raw", "sched_switch" } } },
	/* sched_waking, not sched_wakeup: it fires in the waker's context
	 * even when the wakeup is finished by an IPI on the target's CPU. */
	{ "sched_waking",
	  { { PM_TP_BTF, "wakeup_btf", "sched_waking" }, { PM_RAW_TP, "wakeup_raw", "sched_waking" } } },
};

static struct opts {
	struct stacktool_opts st;
	bool addresses;
} o;

static const struct argp_option options[] = {
	{ "useronly", 'u', NULL, 0, "User threads only (no kernel threads)", 0 },
	{ "pid", 'p', "PID", 0, "Trace this PID only", 0 },
	{ "verbose", 'v', NULL, 0, "Show raw addresses", 0 },
	{ "folded", 'f', NULL, 0, "Output folded format", 0 },
	{ "json", 'j', NULL, 0, "One JSON object per (target, waker stack, waker): {target, waker, us, waker_kernel_stack}", 0 },
	{ "stack-storage-size", 0x100, "SIZE", 0,
	  "The number of unique stack traces that can be stored and displayed (default 16384)", 0 },
	{ "flamegraph", 0x101, "FILE.svg", 0, "Also write an SVG flame graph to FILE.svg", 0 },
	{ 0 },
};

static error_t parse(int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case ARGP_KEY_INIT: state->child_inputs[0] = &o.st; return 0;
	case 'u': o.st.user_threads = true; return 0;
	case 'p':
		o.st.ntargets = 1;
		return -args_pid(arg, "PID", &o.st.targets[0]);
	case 'v': o.addresses = true; return 0;
	case 'f': o.st.folded = true; return 0;
	case 'j': o.st.json = true; return 0;
	case 0x100: return -args_ulong(arg, "stack storage size", 1, 1 << 24, &o.st.stack_storage);
	case 0x101: o.st.flamegraph = arg; return 0;
	}
	return ARGP_ERR_UNKNOWN;
}

static const struct argp_child children[] = {
	{ &blocktime_argp, 0, NULL, 0 },
	{ &args_common_long, 0, "Common options:", 10 },
	{ 0 },
};
static const struct argp argp = {
	options, parse, "[duration]",
	"Summarize sleep to wakeup time by waker kernel stack.\v"
	"Examples:\n"
	"  wakeuptime             # trace blocked time with waker stacks\n"
	"  wakeuptime 5           # trace for 5 seconds only\n"
	"  wakeuptime -f 5        # trace for 5 seconds, and output in folded format\n"
	"  wakeuptime -u          # don't include kernel threads (user only)\n"
	"  wakeuptime -p 185      # trace for PID 185 only",
	children,
};

static int summary(void *ctx, bool last)
{
	struct wakeuptime_bpf *skel = ((struct tracer *)ctx)->skel;
	struct wakeup_record *recs;
	int n = wakeups_read(bpf_map__fd(skel->maps.counts), bpf_map__fd(skel->maps.stack_traces), &recs);
	if (n < 0)
		return n;
	struct flamegraph *fg = stacktool_flamegraph(&o.st);
	struct stackfmt f = { .syms = stacktool_symbols(&o.st), .profile_style = true, .addresses = o.addresses };
	if (!o.st.folded && !o.st.json)
		printf("\n");
	for (int i = 0; i < n; i++) {
		struct wakeup_record *r = &recs[i];
		char line[16384];
		size_t off = stackfmt_append_text(line, sizeof(line), 0, r->waker);
		off = stackfmt_append(&f, r->w.kips, r->w.nk, true, 0, line, sizeof(line), off);
		stackfmt_append_text(line, sizeof(line), off, r->target);
		if (fg)
			flamegraph_add(fg, line, r->us);
		if (o.st.json) {
			fputs("{\"target\": ", stdout);
			json_write_string(stdout, r->target);
			fputs(", \"waker\": ", stdout);
			json_write_string(stdout, r->waker);
			printf(", \"waker_pid\": %u, \"us\": %llu", r->w_tgid, (unsigned long long)r->us);
			stackfmt_json_stack(&f, "waker_kernel_stack", r->w.kips, r->w.nk, r->w.kstack_id, true, 0, stdout);
			fputs("}\n", stdout);
			continue;
		}
		if (o.st.folded) {
			printf("%s %llu\n", line, (unsigned long long)r->us);
			continue;
		}
		printf("    %-16s %s\n", "target:", r->target);
		stackfmt_frames(&f, r->w.kips, r->w.nk, true, 0, false, stdout);
		printf("    %-16s %s\n", "waker:", r->waker);
		printf("        %llu\n\n", (unsigned long long)r->us);
	}
	free(recs);
	if (!o.st.folded && !o.st.json && last)
		printf("Detaching...\n");
	fflush(stdout);
	return 0;
}

static int wakeuptime_main(int argc, char **argv)
{
	stacktool_defaults(&o.st);
	o.st.flamegraph_title = "Wakeup Time Flame Graph";
	o.st.count_name = "us";
	o.st.kernel_only = true; /* the waker's kernel stack, as BCC */
	if (args_parse(&argp, argc, argv, NULL))
		return 2;
	struct wakeuptime_bpf *skel = TRACER_OPEN(wakeuptime);
	if (!skel)
		return 1;
	skel->rodata->want_user = false; /* no user stacks to name */
	struct tracer tr = TRACER_INIT(skel, probes);
	int err = stacktool_configure(&tr, &o.st);
	err = err ?: tracer_start(&tr);
	err = err ?: stacktool_fill_targets(&tr, &o.st);
	if (!err) {
		stacktool_status(&o.st, "Tracing blocked time (us) by kernel stack");
		struct loop l = { .duration_ms = o.st.duration_ms, .summary = summary, .ctx = &tr };
		err = loop_run(&l);
	}
	if (err >= 0)
		err = stacktool_finish(&o.st);
	tracer_destroy(&tr);
	return err < 0 ? 1 : 0;
}

BPFKIT_TOOL(wakeuptime, .name = "wakeuptime", .category = "scheduler",
	    .summary = "Summarize sleep to wakeup time by waker kernel stack", .main = wakeuptime_main);
