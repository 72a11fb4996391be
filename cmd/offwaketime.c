/* offwaketime: blocked time by the blocked task's stack together with the
 * stack of the task that woke it, as BCC's offwaketime. */
#include "cmd/stacktool.h"
#include "core/stacks/flamegraph.h"
#include "core/stacks/stackfmt.h"
#include "core/stacks/wakeups.h"
#include "histo/json.h"
#include "probes/offwaketime.skel.h"

/* sched_waking, not sched_wakeup: it fires in the waker's context even when
 * the wakeup is finished by an IPI on the target's CPU. */
static const struct probe_spec probes[] = { PROBE_BTF_RAW("sched_switch", "switch"),
					    PROBE_BTF_RAW("sched_waking", "wakeup") };

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
	bool user = !tool_stack_args.kernel_only, kernel = !tool_stack_args.user_only,
	     delim = stacktool.delimited && user && kernel;
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
	bool user = !tool_stack_args.kernel_only, kernel = !tool_stack_args.user_only,
	     delim = stacktool.delimited && user && kernel;
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
	bool user = !tool_stack_args.kernel_only, kernel = !tool_stack_args.user_only;
	struct json j;
	stacktool_wakeup_json(&j, r, true);
	if (user)
		stackfmt_json_stack(f, &j, "target_user_stack", r->t.uips, r->t.nu, r->t.ustack_id, false, r->t.pid);
	if (kernel) {
		stackfmt_json_stack(f, &j, "target_kernel_stack", r->t.kips, r->t.nk, r->t.kstack_id, true, 0);
		stackfmt_json_stack(f, &j, "waker_kernel_stack", r->w.kips, r->w.nk, r->w.kstack_id, true, 0);
	}
	if (user)
		stackfmt_json_stack(f, &j, "waker_user_stack", r->w.uips, r->w.nu, r->w.ustack_id, false, r->w.pid);
	json_line_end(&j);
}

static int print(struct tracer *t, bool last)
{
	static const struct wakeup_printer printer = { folded, multiline, json };
	struct stackfmt f = { .syms = stacktool_symbols(), .profile_style = true };
	int err = stacktool_print_wakeups(t, &f, &printer);
	fflush(stdout);
	return err;
}

static int configure(struct tracer *t)
{
	struct offwaketime_bpf *skel = t->skel;
	skel->rodata->want_kernel = !tool_stack_args.user_only;
	skel->rodata->want_user = !tool_stack_args.kernel_only;
	return 0;
}

static void header(void)
{
	stacktool_status("Tracing blocked time (us) by %s off-CPU and waker stack", stacktool_stack_context());
}

DECLARE_STACK_TOOL(offwaketime, { .flamegraph_title = "Off-Wake Time Flame Graph", .count_name = "us", .pprof_type = "blocked", .print = print },
		   .category = "scheduler", .summary = "Summarize blocked time by kernel off-CPU stack and waker stack",
		   .takes = TOOL_TARGETS | TOOL_STACK_SPACE | TOOL_FOLDED | TOOL_JSON | TOOL_STACK_STORAGE |
			    TOOL_DURATION_ARG,
		   .family = { &stacktool_threads_argp, &stacktool_format_argp, &stacktool_flamegraph_argp,
			       &blocktime_argp, &state_argp },
		   .args_doc = "[duration]", TOOL_PROBES(probes), .configure = configure, .header = header,
		   .examples = "  offwaketime             # trace off-CPU + waker stack time until Ctrl-C\n"
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
			       "  offwaketime --state 2   # only blocks in TASK_UNINTERRUPTIBLE");
