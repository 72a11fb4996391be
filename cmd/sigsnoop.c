/* sigsnoop: signals as the kernel generates them (kill, tgkill, faults,
 * child exits, timers), or with -k the kill(), tkill() and tgkill() calls,
 * as libbpf-tools' sigsnoop. */
#include "core/args.h"
#include "core/events.h"
#include "core/log.h"
#include "core/output.h"
#include "core/record.h"
#include "core/tool.h"
#include "core/tracer.h"
#include "probes/sigsnoop.skel.h"

#include <linux/types.h>
#include <stdio.h>
#include <string.h>

#include "probes/sigsnoop.h"

#define GENERATE_ALTS \
	{ { PM_TP_BTF, "generate_btf", "signal_generate" }, { PM_RAW_TP, "generate_raw", "signal_generate" } }

static const struct probe_spec probes[] = {
	{ "signal_generate", GENERATE_ALTS },
};

/* -k: the three kill calls, entry and return (the raw programs serve all
 * three); signal_generate only names their targets. */
enum { P_KILL, P_TKILL, P_TGKILL };
#define KILL_SPECS(name)                                                                \
	{ name " entry",                                                                \
	  { { PM_TRACEPOINT, name "_enter_tp", "syscalls:sys_enter_" name },           \
	    { PM_RAW_TP, "kills_enter_raw", "sys_enter" } } },                         \
	{                                                                               \
		name " return", {                                                       \
			{ PM_TRACEPOINT, name "_exit_tp", "syscalls:sys_exit_" name }, \
			{ PM_RAW_TP, "kills_exit_raw", "sys_exit" }                     \
		}                                                                       \
	}

static const struct probe_spec kill_probes[] = {
	KILL_SPECS("kill"),
	KILL_SPECS("tkill"),
	KILL_SPECS("tgkill"),
	{ "signal_generate", GENERATE_ALTS, .optional = true },
};

static struct opts {
	bool failed, names, kill;
	pid_t pid;
	int signals[SIGSNOOP_MAX_SIGNALS];
	unsigned long duration_ms;
} o;

static const struct argp_option options[] = {
	{ "failed", 'x', NULL, 0, "Trace failed signals only (ignored, already pending, overflow)", 0 },
	{ "kill", 'k', NULL, 0, "Trace signals issued by kill syscalls only (kill, tkill, tgkill)", 0 },
	{ "pid", 'p', "PID", 0, "Trace signals sent by this process only", 0 },
	{ "signal", 's', "SIGNALS", 0, "Signals to trace (numbers or names: 9,TERM,SIGUSR1)", 0 },
	{ "name", 'n', NULL, 0, "Output signal name instead of signal number", 0 },
	{ "duration", 'd', "SECONDS", 0, "Trace for this many seconds, then exit", 0 },
	RECORD_JSON_OPTION,
	{ 0 },
};

static error_t parse(int key, char *arg, struct argp_state *state)
{
	int n;
	switch (key) {
	case 'j': record_json = true; return 0;
	case 'x': o.failed = true; return 0;
	case 'n': o.names = true; return 0;
	case 'k': o.kill = true; return 0;
	case 'p': return -args_pid(arg, "PID", &o.pid);
	case 's':
		n = args_signal_list(arg, o.signals, SIGSNOOP_MAX_SIGNALS);
		return n < 0 ? -n : 0;
	case 'd': return -args_seconds(arg, "duration", &o.duration_ms);
	case ARGP_KEY_ARG: log_err("unexpected argument '%s'", arg); return EINVAL;
	}
	return ARGP_ERR_UNKNOWN;
}

static const struct argp_child children[] = { ARGS_CHILD_COMMON, ARGS_CHILD_BUFFER, { 0 } };
static const struct argp argp = {
	options, parse, NULL,
	"Trace standard and real-time signals.\v"
	"Examples:\n"
	"  sigsnoop             # trace signals system-wide\n"
	"  sigsnoop -x          # trace failed signals only\n"
	"  sigsnoop -p 1216     # only trace PID 1216\n"
	"  sigsnoop -s 1,9,15   # trace signal 1, 9, 15\n"
	"  sigsnoop -n          # signal names (SIGTERM) instead of numbers\n"
	"  sigsnoop -k          # trace signals issued by kill syscalls only\n"
	"(kill() calls with their result: killsnoop)",
	children,
};

static int on_event(void *ctx, const void *data, size_t size)
{
	const struct sig_event *e = data;
	if (size < sizeof(*e))
		return 0;
	char hms[16], sig[24];
	const char *abbrev = o.names ? sigabbrev_np(e->sig) : NULL;
	if (abbrev)
		snprintf(sig, sizeof(sig), "SIG%s", abbrev);
	else
		snprintf(sig, sizeof(sig), "%d", e->sig);
	rec_str("time", "%-8s ", output_hms(hms));
	rec_u64("pid", "%-7llu ", e->pid);
	rec_strn("comm", "%-16s ", e->comm, sizeof(e->comm));
	rec_i64("sig", NULL, e->sig);
	rec_str(record_json ? "sig_name" : "sig", "%-12s ", record_json ? (sigabbrev_np(e->sig) ?: "") : sig);
	rec_i64("tpid", "%-7lld ", e->tpid);
	rec_strn("tcomm", "%-16s ", e->tcomm, sizeof(e->tcomm));
	rec_i64("result", "%-6lld", e->result);
	rec_end();
	return 0;
}

static void header(void)
{
	FILE *out = record_header_out();
	fprintf(out, "%-8s %-7s %-16s %-12s %-7s %-16s %-6s\n", "TIME", "PID", "COMM", "SIG", "TPID", "TCOMM", "RESULT");
}

static int sigsnoop_main(int argc, char **argv)
{
	if (args_parse(&argp, argc, argv, NULL))
		return 2;
	struct sigsnoop_bpf *skel = TRACER_OPEN(sigsnoop);
	if (!skel)
		return 1;
	skel->rodata->targ_tgid = o.pid;
	skel->rodata->failed_only = o.failed;
	memcpy((void *)skel->rodata->signals, o.signals, sizeof(o.signals));
	skel->rodata->kill_only = o.kill;
	struct tracer tr = TRACER_INIT(skel, probes);
	if (o.kill) {
		struct tracer kt = TRACER_INIT(skel, kill_probes);
		tr = kt;
		if (tracer_select(&tr)) {
			tracer_destroy(&tr);
			return 1;
		}
		/* Two specs of each call, entry and return, pick alike. */
		skel->rodata->raw_kill = !strcmp(tracer_mech(&tr, 2 * P_KILL), "raw_tp");
		skel->rodata->raw_tkill = !strcmp(tracer_mech(&tr, 2 * P_TKILL), "raw_tp");
		skel->rodata->raw_tgkill = !strcmp(tracer_mech(&tr, 2 * P_TGKILL), "raw_tp");
	}
	return events_tool(&tr, on_event, header, o.duration_ms);
}

BPFKIT_TOOL(sigsnoop, .name = "sigsnoop", .category = "process",
	    .summary = "Trace standard and real-time signals", .main = sigsnoop_main);
