/* killsnoop: kill() calls with signal, target and result, as BCC's. */
#include "core/tool.h"
#include "probes/killsnoop.skel.h"

#include "probes/killsnoop.h"

static const struct probe_spec probes[] = { PROBE_SYSCALL("kill", "kill") };

static pid_t tpid;

/* A target that does not exist could only fail kills with ESRCH: a typo'd
 * -T would trace nothing (-x without -T shows those), so it is checked. */
static const struct tool_option options[] = {
	OPT_PID('T', "tpid", "TPID", "target PID", &tpid, "Trace this target PID only which is the receiver of signal",
		.rodata = "targ_tpid"),
	{ { 0 } },
};

static int w; /* of the PID columns */

static void header(void)
{
	w = output_pid_width();
	fprintf(record_header_out(), "%-9s %-*s %-16s %-4s %-*s %s\n", "TIME", w, "PID", "COMM", "SIG", w, "TPID",
		"RESULT");
}

static int on_event(const void *data, size_t size)
{
	const struct kill_event *e = data;
	char hms[16], ufmt[16], dfmt[16];
	snprintf(ufmt, sizeof(ufmt), "%%-%dllu ", w);
	snprintf(dfmt, sizeof(dfmt), "%%-%dlld ", w);
	rec_str("time", "%-9s ", output_hms(hms));
	rec_u64("pid", ufmt, e->pid);
	rec_strn("comm", "%-16s ", e->comm, sizeof(e->comm));
	rec_i64("sig", "%-4lld ", e->sig);
	rec_i64("tpid", dfmt, (int)e->tpid);
	rec_i64("result", "%lld", e->ret);
	rec_end();
	return 0;
}

DECLARE_TOOL(killsnoop, .category = "process", .summary = "Trace signals issued by the kill() syscall",
	     .shape = TOOL_EVENTS, .takes = TOOL_PID | TOOL_FAILED | TOOL_SIGNALS | TOOL_EVENT_OPTIONS,
	     .help = { .pid = "Trace this PID only which is the sender of signal",
		       .failed = "Only show failed kill syscalls",
		       .signals = "Trace a signal or a signal list (numbers or names: 9,TERM,SIGUSR1)" },
	     .bound = options, TOOL_PROBES(probes), .header = header,
	     .event = on_event, .event_size = sizeof(struct kill_event),
	     .examples = "  killsnoop             # trace all kill() signals\n"
			 "  killsnoop -x          # only show failed kills\n"
			 "  killsnoop -p 181      # only trace PID 181\n"
			 "  killsnoop -T 189      # only trace target PID 189\n"
			 "  killsnoop -s 9        # only trace signal 9\n"
			 "  killsnoop -s 2,9,15   # only trace signals 2, 9 and 15");
