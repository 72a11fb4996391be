/* sigsnoop: signals as the kernel generates them (kill, tgkill, faults,
 * child exits, timers), or with -k the kill(), tkill() and tgkill() calls,
 * as libbpf-tools' sigsnoop. */
#include "core/tool.h"
#include "probes/sigsnoop.skel.h"

#include <string.h>

#include "probes/sigsnoop.h"

static const struct probe_spec probes[] = { PROBE_BTF_RAW("signal_generate", "generate") };

/* -k: the three kill calls, entry and return (the raw programs serve all
 * three); signal_generate only names their targets. */
static const struct probe_spec kill_probes[] = {
	PROBE_SYSCALL("kill", "kills"),
	PROBE_SYSCALL("tkill", "kills"),
	PROBE_SYSCALL("tgkill", "kills"),
	PROBE_BTF_RAW("signal_generate", "generate", .optional = true),
};

static bool names, kill_calls;

static const struct tool_option options[] = {
	OPT_FLAG('k', "kill", &kill_calls, "Trace signals issued by kill syscalls only (kill, tkill, tgkill)",
		 .rodata = "kill_only"),
	OPT_FLAG('n', "name", &names, "Output signal name instead of signal number"),
	{ { 0 } },
};

static int configure(struct tracer *t)
{
	if (kill_calls) {
		t->specs = kill_probes;
		t->nspecs = sizeof(kill_probes) / sizeof(kill_probes[0]);
	}
	return 0;
}

/* -n: the name (SIGKILL) for the number; JSON has both. */
static void sig(const struct record_column *c, const void *rec, size_t size)
{
	const struct sig_event *e = rec;
	const char *abbrev = sigabbrev_np(e->sig);
	char buf[24];
	if (names && abbrev)
		snprintf(buf, sizeof(buf), "SIG%s", abbrev);
	else
		snprintf(buf, sizeof(buf), "%d", e->sig);
	rec_i64("sig", NULL, e->sig);
	rec_str(output_mode == OUTPUT_JSON ? "sig_name" : "sig", "%-12s ", output_mode == OUTPUT_JSON ? (abbrev ?: "") : buf);
}

static const struct record_column columns[] = {
	COL_TIME("TIME", "%-8s "),
	COL_TASK(struct sig_event, pid, "%-7u "),
	COL_CALL("SIG", "%-12s ", sig),
	COL(struct sig_event, tpid, "TPID", "%-7d "),
	COL(struct sig_event, tcomm, "TCOMM", "%-16s "),
	COL(struct sig_event, result, "RESULT", "%-6d"),
	{ 0 },
};

DECLARE_TOOL(sigsnoop, .category = "process", .summary = "Trace standard and real-time signals",
	     .shape = TOOL_EVENTS, .takes = TOOL_PID | TOOL_FAILED | TOOL_SIGNALS | TOOL_EVENT_OPTIONS,
	     .help = { .pid = "Trace signals sent by this process only",
		       .failed = "Trace failed signals only (ignored, already pending, overflow)" },
	     .bound = options, TOOL_PROBES(probes), .configure = configure, .columns = columns, .event_size = sizeof(struct sig_event),
	     .examples = "  sigsnoop             # trace signals system-wide\n"
			 "  sigsnoop -x          # trace failed signals only\n"
			 "  sigsnoop -p 1216     # only trace PID 1216\n"
			 "  sigsnoop -s 1,9,15   # trace signal 1, 9, 15\n"
			 "  sigsnoop -n          # signal names (SIGTERM) instead of numbers\n"
			 "  sigsnoop -k          # trace signals issued by kill syscalls only\n"
			 "(kill() calls with their result: killsnoop)");
