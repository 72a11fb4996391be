/* killsnoop: kill() system calls with signal, target and result, as BCC's
 * killsnoop. */
#include "core/args.h"
#include "core/events.h"
#include "core/log.h"
#include "core/output.h"
#include "core/record.h"
#include "core/tool.h"
#include "core/tracer.h"
#include "probes/killsnoop.skel.h"

#include <linux/types.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probes/killsnoop.h"

static const struct probe_spec probes[] = {
	{ "kill entry",
	  { { PM_TRACEPOINT, "kill_enter_tp", "syscalls:sys_enter_kill" },
	    { PM_RAW_TP, "kill_enter_raw", "sys_enter" } } },
	{ "kill return",
	  { { PM_TRACEPOINT, "kill_exit_tp", "syscalls:sys_exit_kill" }, { PM_RAW_TP, "kill_exit_raw", "sys_exit" } } },
};

static struct opts {
	bool failed;
	pid_t pid, tpid;
	int signals[KILLSNOOP_MAX_SIGNALS];
	unsigned long duration_ms;
} o;

static const struct argp_option options[] = {
	{ "failed", 'x', NULL, 0, "Only show failed kill syscalls", 0 },
	{ "pid", 'p', "PID", 0, "Trace this PID only which is the sender of signal", 0 },
	{ "tpid", 'T', "TPID", 0, "Trace this target PID only which is the receiver of signal", 0 },
	{ "signal", 's', "SIGNALS", 0, "Trace a signal or a signal list (numbers or names: 9,TERM,SIGUSR1)", 0 },
	{ "duration", 'd', "SECONDS", 0, "Trace for this many seconds, then exit", 0 },
	RECORD_JSON_OPTION,
	{ 0 },
};

static error_t parse(int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case 'j': record_json = true; return 0;
	case 'x': o.failed = true; return 0;
	case 'p': return -args_pid(arg, "PID", &o.pid);
	/* A target that does not exist can only receive kills that fail with
	 * ESRCH: a typo'd -T would trace nothing, so it is refused (-x without
	 * -T shows those failures). */
	case 'T': return -args_pid(arg, "target PID", &o.tpid);
	case 's': {
		int n = args_signal_list(arg, o.signals, KILLSNOOP_MAX_SIGNALS);
		return n < 0 ? -n : 0;
	}
	case 'd': return -args_seconds(arg, "duration", &o.duration_ms);
	case ARGP_KEY_ARG: log_err("unexpected argument '%s'", arg); return EINVAL;
	}
	return ARGP_ERR_UNKNOWN;
}

static const struct argp_child children[] = { ARGS_CHILD_COMMON, ARGS_CHILD_BUFFER, { 0 } };
static const struct argp argp = {
	options, parse, NULL,
	"Trace signals issued by the kill() syscall.\v"
	"Examples:\n"
	"  killsnoop             # trace all kill() signals\n"
	"  killsnoop -x          # only show failed kills\n"
	"  killsnoop -p 181      # only trace PID 181\n"
	"  killsnoop -T 189      # only trace target PID 189\n"
	"  killsnoop -s 9        # only trace signal 9\n"
	"  killsnoop -s 2,9,15   # only trace signals 2, 9 and 15",
	children,
};

/* BCC sizes the PID columns to pid_max's digits plus one. */
static int pid_width = 6;

static int on_event(void *ctx, const void *data, size_t size)
{
	const struct kill_event *e = data;
	if (size < sizeof(*e))
		return 0;
	char hms[16], ufmt[16], dfmt[16];
	snprintf(ufmt, sizeof(ufmt), "%%-%dllu ", pid_width);
	snprintf(dfmt, sizeof(dfmt), "%%-%dlld ", pid_width);
	rec_str("time", "%-9s ", output_hms(hms));
	rec_u64("pid", ufmt, e->pid);
	rec_strn("comm", "%-16s ", e->comm, sizeof(e->comm));
	rec_i64("sig", "%-4lld ", e->sig);
	rec_i64("tpid", dfmt, (int)e->tpid);
	rec_i64("result", "%lld", e->ret);
	rec_end();
	return 0;
}

static void header(void)
{
	FILE *out = record_header_out();
	fprintf(out, "%-9s %-*s %-16s %-4s %-*s %s\n", "TIME", pid_width, "PID", "COMM", "SIG", pid_width, "TPID", "RESULT");
}

static int killsnoop_main(int argc, char **argv)
{
	if (args_parse(&argp, argc, argv, NULL))
		return 2;
	FILE *f = fopen("/proc/sys/kernel/pid_max", "r");
	char buf[32];
	if (f && fgets(buf, sizeof(buf), f))
		pid_width = (int)strcspn(buf, "\n") + 1;
	if (f)
		fclose(f);
	struct killsnoop_bpf *skel = TRACER_OPEN(killsnoop);
	if (!skel)
		return 1;
	skel->rodata->targ_tgid = o.pid;
	skel->rodata->targ_tpid = o.tpid;
	skel->rodata->failed_only = o.failed;
	memcpy((void *)skel->rodata->signals, o.signals, sizeof(o.signals));
	struct tracer tr = TRACER_INIT(skel, probes);
	return events_tool(&tr, on_event, header, o.duration_ms);
}

BPFKIT_TOOL(killsnoop, .name = "killsnoop", .category = "process",
	    .summary = "Trace signals issued by the kill() syscall", .main = killsnoop_main);
