/* exitsnoop: process (and thread) termination with exit code or fatal
 * signal and age, as BCC's exitsnoop. */
#include "core/args.h"
#include "core/events.h"
#include "core/log.h"
#include "core/record.h"
#include "core/tool.h"
#include "core/tracer.h"
#include "probes/exitsnoop.skel.h"

#include <linux/types.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include "probes/exitsnoop.h"

static const struct probe_spec probes[] = {
	{ "sched_process_exit",
	  { { PM_TP_BTF, "exit_btf", "sched_process_exit" },
	    { PM_RAW_TP, "exit_raw", "sched_process_exit" },
	    { PM_TRACEPOINT, "exit_tp", "sched:sched_process_exit" } } },
};

enum { OPT_UTC = 0x100, OPT_LABEL, OPT_PER_THREAD };

static struct opts {
	bool timestamp, utc, failed, per_thread;
	const char *label;
	pid_t pid;
	unsigned long duration_ms;
} o;

static const struct argp_option options[] = {
	{ "timestamp", 't', NULL, 0, "Include timestamp (local time default)", 0 },
	{ "utc", OPT_UTC, NULL, 0, "Include timestamp in UTC (-t implied)", 0 },
	{ "pid", 'p', "PID", 0, "Trace this PID only", 0 },
	{ "label", OPT_LABEL, "LABEL", 0, "Label each line", 0 },
	{ "failed", 'x', NULL, 0, "Trace only fails, exclude exit(0)", 0 },
	{ "per-thread", OPT_PER_THREAD, NULL, 0, "Trace per thread termination", 0 },
	{ "duration", 'd', "SECONDS", 0, "Trace for this many seconds, then exit", 0 },
	RECORD_JSON_OPTION,
	{ 0 },
};

static error_t parse(int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case 't': o.timestamp = true; return 0;
	case 'j': record_json = true; return 0;
	case OPT_UTC: o.utc = o.timestamp = true; return 0;
	case 'p': return -args_pid(arg, "PID", &o.pid);
	case OPT_LABEL: o.label = arg; return 0;
	case 'x': o.failed = true; return 0;
	case OPT_PER_THREAD: o.per_thread = true; return 0;
	case 'd': return -args_seconds(arg, "duration", &o.duration_ms);
	case ARGP_KEY_ARG: log_err("unexpected argument '%s'", arg); return EINVAL;
	}
	return ARGP_ERR_UNKNOWN;
}

static const struct argp_child children[] = { ARGS_CHILD_COMMON, ARGS_CHILD_BUFFER, { 0 } };
static const struct argp argp = {
	options, parse, NULL,
	"Trace all process termination (exit, fatal signal).\v"
	"Examples:\n"
	"  exitsnoop                # trace all process termination\n"
	"  exitsnoop -x             # trace only fails, exclude exit(0)\n"
	"  exitsnoop -t             # include timestamps (local time)\n"
	"  exitsnoop --utc          # include timestamps (UTC)\n"
	"  exitsnoop -p 181         # only trace PID 181\n"
	"  exitsnoop --label=exit   # label each output line with 'exit'\n"
	"  exitsnoop --per-thread   # trace per thread termination",
	children,
};

static int on_event(void *ctx, const void *data, size_t size)
{
	const struct exit_event *e = data;
	if (size < sizeof(*e))
		return 0;
	if (o.timestamp) {
		struct timeval tv;
		struct tm tm;
		char hms[16];
		gettimeofday(&tv, NULL);
		if (o.utc)
			gmtime_r(&tv.tv_sec, &tm);
		else
			localtime_r(&tv.tv_sec, &tm);
		strftime(hms, sizeof(hms), "%H:%M:%S", &tm);
		char stamp[40];
		snprintf(stamp, sizeof(stamp), "%s.%03ld", hms, (long)tv.tv_usec / 1000);
		rec_str("time", "%s ", stamp);
	}
	if (o.label)
		rec_str("label", "%-6s", *o.label ? o.label : "exit");
	double age = e->exit_time > e->start_time ? (e->exit_time - e->start_time) / 1e9 : 0;
	rec_strn("pcomm", "%-16s ", e->comm, sizeof(e->comm));
	rec_u64("pid", "%-7llu ", e->pid);
	rec_u64("ppid", "%-7llu ", e->ppid);
	rec_u64("tid", "%-7llu ", e->tid);
	rec_f64("age_s", "%-7.2f ", age);
	int sig = e->sig_info & 0x7f;
	bool core = e->sig_info & 0x80;
	if (record_json) {
		rec_i64("exit_code", NULL, e->sig_info ? 0 : e->exit_code);
		rec_i64("signal", NULL, sig);
		rec_str("signal_name", NULL, sig && sigabbrev_np(sig) ? sigabbrev_np(sig) : "");
		rec_bool("core_dumped", core);
	} else if (e->sig_info == 0) {
		if (e->exit_code == 0)
			printf("0");
		else
			printf("code %d", e->exit_code);
	} else {
		if (sig) {
			const char *name = sigabbrev_np(sig);
			printf("signal %d (%s)", sig, name ? name : "unknown");
		}
		if (core)
			printf(", core dumped ");
	}
	rec_end();
	return 0;
}

static void header(void)
{
	FILE *out = record_header_out();
	if (o.timestamp) {
		char zone[16] = "UTC";
		if (!o.utc) {
			time_t now = time(NULL);
			struct tm tm;
			localtime_r(&now, &tm);
			strftime(zone, sizeof(zone), "%Z", &tm);
		}
		char title[24];
		snprintf(title, sizeof(title), "TIME-%s", zone);
		fprintf(out, "%-13s", title);
	}
	if (o.label)
		fprintf(out, "%-6s", "LABEL");
	fprintf(out, "%-16s %-7s %-7s %-7s %-7s %-10s\n", "PCOMM", "PID", "PPID", "TID", "AGE(s)", "EXIT_CODE");
}

static int exitsnoop_main(int argc, char **argv)
{
	if (args_parse(&argp, argc, argv, NULL))
		return 2;
	struct exitsnoop_bpf *skel = TRACER_OPEN(exitsnoop);
	if (!skel)
		return 1;
	skel->rodata->targ_tgid = o.pid;
	skel->rodata->per_thread = o.per_thread;
	skel->rodata->failed_only = o.failed;
	struct tracer tr = TRACER_INIT(skel, probes);
	return events_tool(&tr, on_event, header, o.duration_ms);
}

BPFKIT_TOOL(exitsnoop, .name = "exitsnoop", .category = "process",
	    .summary = "Trace all process termination (exit, fatal signal)", .main = exitsnoop_main);
