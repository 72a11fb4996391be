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

/* '*': BCC's PID width, from pid_max. */
static const struct record_column columns[] = {
	COL_TIME("TIME", "%-9s "),
	COL_TASK(struct kill_event, pid, "%-*u "),
	COL(struct kill_event, sig, "SIG", "%-4d "),
	COL(struct kill_event, tpid, "TPID", "%-*d "),
	COL(struct kill_event, ret, "RESULT", "%d"),
	{ 0 },
};

DECLARE_TOOL(killsnoop, .category = "process", .summary = "Trace signals issued by the kill() syscall",
	     .shape = TOOL_EVENTS, .takes = TOOL_PID | TOOL_FAILED | TOOL_SIGNALS | TOOL_EVENT_OPTIONS,
	     .help = { .pid = "Trace this PID only which is the sender of signal",
		       .failed = "Only show failed kill syscalls",
		       .signals = "Trace a signal or a signal list (numbers or names: 9,TERM,SIGUSR1)" },
	     .bound = options, TOOL_PROBES(probes), .columns = columns, .event_size = sizeof(struct kill_event),
	     .examples = "  killsnoop             # trace all kill() signals\n"
			 "  killsnoop -x          # only show failed kills\n"
			 "  killsnoop -p 181      # only trace PID 181\n"
			 "  killsnoop -T 189      # only trace target PID 189\n"
			 "  killsnoop -s 9        # only trace signal 9\n"
			 "  killsnoop -s 2,9,15   # only trace signals 2, 9 and 15");
