/* offwaketime: blocked time by the blocked task's stack together with the
 * stack of the task that woke it, as BCC's offwaketime. */
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
#include "probes/offwaketime.skel.h"

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
} o;

static error_t parse(int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case ARGP_KEY_INIT:
		state->child_inputs[0] = state->child_inputs[1] = state->child_inputs[2] = &o.st;
		return 0;
	}
	return ARGP_ERR_UNKNOWN;
}

static const struct argp_child children[] = {
	{ &stacktool_argp, 0, NULL, 0 },
	{ &blocktime_argp, 0, NULL, 0 },
	{ &state_argp, 0, NULL, 0 },
	{ &args_common, 0, "Common options:", 10 },
	{ 0 },
};
static const struct argp argp = {
	NULL, parse, "[duration]",
	"Summarize blocked time by kernel off-CPU stack and waker stack.\v"
	"Examples:\n"
	"  offwaketime             # trace off-CPU + waker stack time until Ctrl-C\n"
	"  offwaketime 5           # trace for 5 seconds only\n"
	"  offwaketime -f 5        # trace for 5 seconds, and output in folded format\n"
	"  offwaketime -m 1000     # trace only events that last more than 1000 usec\n"
	"  offwaketime -M 9000     # trace only events that last less than 9000 usec\n"
	"  offwaketime -p 185      # only trace threads for PID 185\n"
	"  offwaketime -t 188      # only trace thread 188\n"
	"  offwaketime -u          # only trace user threads (no kernel)\n"
	"  offwaketime -k          # only trace kernel threads (no user)\n"
	"  offwaketime -U          # only show user space stacks (no kernel)\n"
	"  offwaketime -K          # only show kernel space stacks (no user)\n"
	"  offwaketime --state 2   # only blocks in TASK_UNINTERRUPTIBLE",
	children,
};

/* Innermost frame first (the waker half of a folded line reads away from
 * the "--" join). */
static size_t append_inner_first(const struct stackfmt *f, const struct stack_record *s, bool kernel, char *buf,
				 size_t len, size_t off)
{
	const uint64_t *ips = kernel ? s->kips : s->uips;
	for (int i = 0; i < (kernel ? s->nk : s->nu); i++)
		off = stackfmt_append(f, &ips[i], 1, kernel, kernel ? 0 : s->pid, buf, len, off);
	return off;
}

static void folded(const struct stackfmt *f, const struct wakeup_record *r, char *buf, size_t len)
{
	bool user = !o.st.kernel_only, kernel = !o.st.user_only, delim = o.st.delimited && user && kernel;
	size_t off = stackfmt_append_text(buf, len, 0, r->target);
	if (user)
		off = stackfmt_append(f, r->t.uips, r->t.nu, false, r->t.pid, buf, len, off);
	if (delim)
		off = stackfmt_append_text(buf, len, off, "-");
	if (kernel)
		off = stackfmt_append(f, r->t.kips, r->t.nk, true, 0, buf, len, off);
	off = stackfmt_append_text(buf, len, off, "--");
	if (kernel)
		off = append_inner_first(f, &r->w, true, buf, len, off);
	if (delim)
		off = stackfmt_append_text(buf, len, off, "-");
	if (user)
		off = append_inner_first(f, &r->w, false, buf, len, off);
	stackfmt_append_text(buf, len, off, r->waker);
}

static void multiline(const struct stackfmt *f, const struct wakeup_record *r)
{
	bool user = !o.st.kernel_only, kernel = !o.st.user_only, delim = o.st.delimited && user && kernel;
	printf("    %-16s %s %u\n", "waker:", r->waker, r->w_tgid);
	if (user)
		stackfmt_frames(f, r->w.uips, r->w.nu, false, r->w.pid, true, stdout);
	if (delim)
		printf("    -\n");
	if (kernel)
		stackfmt_frames(f, r->w.kips, r->w.nk, true, 0, true, stdout);
	printf("    %-16s %s\n", "--", "--");
	if (kernel)
		stackfmt_frames(f, r->t.kips, r->t.nk, true, 0, false, stdout);
	if (delim)
		printf("    -\n");
	if (user)
		stackfmt_frames(f, r->t.uips, r->t.nu, false, r->t.pid, false, stdout);
	printf("    %-16s %s %u\n", "target:", r->target, r->tgid);
	printf("        %llu\n\n", (unsigned long long)r->us);
}

/* -j: the blocked task and its waker, each with its stacks. */
static void json(const struct stackfmt *f, const struct wakeup_record *r)
{
	bool user = !o.st.kernel_only, kernel = !o.st.user_only;
	fputs("{\"target\": ", stdout);
	json_write_string(stdout, r->target);
	printf(", \"target_pid\": %u, \"waker\": ", r->tgid);
	json_write_string(stdout, r->waker);
	printf(", \"waker_pid\": %u, \"us\": %llu", r->w_tgid, (unsigned long long)r->us);
	if (user)
		stackfmt_json_stack(f, "target_user_stack", r->t.uips, r->t.nu, r->t.ustack_id, false, r->t.pid, stdout);
	if (kernel) {
		stackfmt_json_stack(f, "target_kernel_stack", r->t.kips, r->t.nk, r->t.kstack_id, true, 0, stdout);
		stackfmt_json_stack(f, "waker_kernel_stack", r->w.kips, r->w.nk, r->w.kstack_id, true, 0, stdout);
	}
	if (user)
		stackfmt_json_stack(f, "waker_user_stack", r->w.uips, r->w.nu, r->w.ustack_id, false, r->w.pid, stdout);
	fputs("}\n", stdout);
}

static int summary(void *ctx, bool last)
{
	struct offwaketime_bpf *skel = ((struct tracer *)ctx)->skel;
	struct wakeup_record *recs;
	int n = wakeups_read(bpf_map__fd(skel->maps.counts), bpf_map__fd(skel->maps.stack_traces), &recs);
	if (n < 0)
		return n;
	struct flamegraph *fg = stacktool_flamegraph(&o.st);
	struct stackfmt f = { .syms = stacktool_symbols(&o.st), .profile_style = true };
	if (!o.st.folded && !o.st.json)
		printf("\n");
	for (int i = 0; i < n; i++) {
		char line[32768];
		if (o.st.folded || fg)
			folded(&f, &recs[i], line, sizeof(line));
		if (fg)
			flamegraph_add(fg, line, recs[i].us);
		if (o.st.json)
			json(&f, &recs[i]);
		else if (o.st.folded)
			printf("%s %llu\n", line, (unsigned long long)recs[i].us);
		else
			multiline(&f, &recs[i]);
	}
	free(recs);
	fflush(stdout);
	return 0;
}

static int offwaketime_main(int argc, char **argv)
{
	stacktool_defaults(&o.st);
	o.st.flamegraph_title = "Off-Wake Time Flame Graph";
	o.st.count_name = "us";
	if (args_parse(&argp, argc, argv, NULL))
		return 2;
	struct offwaketime_bpf *skel = TRACER_OPEN(offwaketime);
	if (!skel)
		return 1;
	skel->rodata->want_kernel = !o.st.user_only;
	skel->rodata->want_user = !o.st.kernel_only;
	struct tracer tr = TRACER_INIT(skel, probes);
	int err = stacktool_configure(&tr, &o.st);
	err = err ?: tracer_start(&tr);
	err = err ?: stacktool_fill_targets(&tr, &o.st);
	if (!err) {
		stacktool_status(&o.st, "Tracing blocked time (us) by %s off-CPU and waker stack",
				 stacktool_stack_context(&o.st));
		struct loop l = { .duration_ms = o.st.duration_ms, .summary = summary, .ctx = &tr,
				  .tick = stacktool_tick, .tick_ms = 100 };
		err = loop_run(&l);
	}
	if (err >= 0)
		err = stacktool_finish(&o.st);
	tracer_destroy(&tr);
	return err < 0 ? 1 : 0;
}

BPFKIT_TOOL(offwaketime, .name = "offwaketime", .category = "scheduler",
	    .summary = "Summarize blocked time by off-CPU stack and waker stack", .main = offwaketime_main);
