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

static void header(void)
{
	fprintf(record_header_out(), "%-8s %-7s %-16s %-12s %-7s %-16s %-6s\n", "TIME", "PID", "COMM", "SIG", "TPID",
		"TCOMM", "RESULT");
}

static int on_event(const void *data, size_t size)
{
	const struct sig_event *e = data;
	char hms[16], sig[24];
	const char *abbrev = sigabbrev_np(e->sig);
	if (names && abbrev)
		snprintf(sig, sizeof(sig), "SIG%s", abbrev);
	else
		snprintf(sig, sizeof(sig), "%d", e->sig);
	rec_str("time", "%-8s ", output_hms(hms));
	rec_u64("pid", "%-7llu ", e->pid);
	rec_strn("comm", "%-16s ", e->comm, sizeof(e->comm));
	rec_i64("sig", NULL, e->sig);
	rec_str(output_mode == OUTPUT_JSON ? "sig_name" : "sig", "%-12s ", output_mode == OUTPUT_JSON ? (abbrev ?: "") : sig);
	rec_i64("tpid", "%-7lld ", e->tpid);
	rec_strn("tcomm", "%-16s ", e->tcomm, sizeof(e->tcomm));
	rec_i64("result", "%-6lld", e->result);
	rec_end();
	return 0;
}

DECLARE_TOOL(sigsnoop, .category = "process", .summary = "Trace standard and real-time signals",
	     .shape = TOOL_EVENTS, .takes = TOOL_PID | TOOL_FAILED | TOOL_SIGNALS | TOOL_EVENT_OPTIONS,
	     .help = { .pid = "Trace signals sent by this process only",
		       .failed = "Trace failed signals only (ignored, already pending, overflow)" },
	     .bound = options, TOOL_PROBES(probes), .configure = configure, .header = header,
	     .event = on_event, .event_size = sizeof(struct sig_event),
	     .examples = "  sigsnoop             # trace signals system-wide\n"
			 "  sigsnoop -x          # trace failed signals only\n"
			 "  sigsnoop -p 1216     # only trace PID 1216\n"
			 "  sigsnoop -s 1,9,15   # trace signal 1, 9, 15\n"
			 "  sigsnoop -n          # signal names (SIGTERM) instead of numbers\n"
			 "  sigsnoop -k          # trace signals issued by kill syscalls only\n"
			 "(kill() calls with their result: killsnoop)");
