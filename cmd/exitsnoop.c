/* exitsnoop: process (and thread) termination with exit code or fatal
 * signal and age, as BCC's exitsnoop. */
#include "core/tool.h"
#include "probes/exitsnoop.skel.h"

#include <string.h>
#include <sys/time.h>
#include <time.h>

#include "probes/exitsnoop.h"

static const struct probe_spec probes[] = { PROBE_BTF_RAW_TP("sched", "sched_process_exit", "exit") };

enum { OPT_UTC = 0x100, OPT_LABEL, OPT_PER_THREAD };
static bool timestamp, utc, per_thread;
static const char *label;

static const struct tool_option options[] = {
	OPT_FLAG('t', "timestamp", &timestamp, "Include timestamp (local time default)"),
	/* UTC is a timestamp too: the flag -t sets is its `given`. */
	OPT_FLAG(OPT_UTC, "utc", &utc, "Include timestamp in UTC (-t implied)", .given = &timestamp),
	OPT_STRING(OPT_LABEL, "label", "LABEL", &label, "Label each line"),
	OPT_FLAG(OPT_PER_THREAD, "per-thread", &per_thread, "Trace per thread termination", .rodata = "per_thread"),
	{ { 0 } },
};

static void header(void)
{
	FILE *out = record_header_out();
	if (timestamp) {
		char zone[16] = "UTC", title[24];
		time_t now = time(NULL);
		struct tm tm;
		if (!utc && localtime_r(&now, &tm))
			strftime(zone, sizeof(zone), "%Z", &tm);
		snprintf(title, sizeof(title), "TIME-%s", zone);
		fprintf(out, "%-13s", title);
	}
	if (label)
		fprintf(out, "%-6s", "LABEL");
	fprintf(out, "%-16s %-7s %-7s %-7s %-7s %-10s\n", "PCOMM", "PID", "PPID", "TID", "AGE(s)", "EXIT_CODE");
}

static int on_event(const void *data, size_t size)
{
	const struct exit_event *e = data;
	if (timestamp) {
		struct timeval tv;
		struct tm tm;
		char hms[16], stamp[40];
		gettimeofday(&tv, NULL);
		strftime(hms, sizeof(hms), "%H:%M:%S", utc ? gmtime_r(&tv.tv_sec, &tm) : localtime_r(&tv.tv_sec, &tm));
		snprintf(stamp, sizeof(stamp), "%s.%03ld", hms, (long)tv.tv_usec / 1000);
		rec_str("time", "%s ", stamp);
	}
	if (label)
		rec_str("label", "%-6s", *label ? label : "exit");
	rec_strn("pcomm", "%-16s ", e->comm, sizeof(e->comm));
	rec_u64("pid", "%-7llu ", e->pid);
	rec_u64("ppid", "%-7llu ", e->ppid);
	rec_u64("tid", "%-7llu ", e->tid);
	rec_f64("age_s", "%-7.2f ", e->exit_time > e->start_time ? (e->exit_time - e->start_time) / 1e9 : 0);
	int sig = e->sig_info & 0x7f;
	bool core = e->sig_info & 0x80;
	const char *name = sigabbrev_np(sig);
	if (output_mode == OUTPUT_JSON) {
		rec_i64("exit_code", NULL, e->sig_info ? 0 : e->exit_code);
		rec_i64("signal", NULL, sig);
		rec_str("signal_name", NULL, sig && name ? name : "");
		rec_bool("core_dumped", core);
	} else if (e->sig_info == 0 && e->exit_code == 0) {
		printf("0");
	} else if (e->sig_info == 0) {
		printf("code %d", e->exit_code);
	} else {
		if (sig)
			printf("signal %d (%s)", sig, name ? name : "unknown");
		if (core)
			printf(", core dumped ");
	}
	rec_end();
	return 0;
}

DECLARE_TOOL(exitsnoop, .category = "process", .summary = "Trace all process termination (exit, fatal signal)",
	     .shape = TOOL_EVENTS, .takes = TOOL_PID | TOOL_FAILED | TOOL_EVENT_OPTIONS,
	     .help.failed = "Trace only fails, exclude exit(0)", .bound = options,
	     TOOL_PROBES(probes), .header = header, .event = on_event,
	     .event_size = sizeof(struct exit_event),
	     .examples = "  exitsnoop                # trace all process termination\n"
			 "  exitsnoop -x             # trace only fails, exclude exit(0)\n"
			 "  exitsnoop -t             # include timestamps (local time)\n"
			 "  exitsnoop --utc          # include timestamps (UTC)\n"
			 "  exitsnoop -p 181         # only trace PID 181\n"
			 "  exitsnoop --label=exit   # label each output line with 'exit'\n"
			 "  exitsnoop --per-thread   # trace per thread termination");
