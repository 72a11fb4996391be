/* exitsnoop: process (and thread) termination with exit code or fatal
 * signal and age, as BCC's exitsnoop. */
#include "core/tool.h"
#include "probes/exitsnoop.skel.h"

#include <string.h>

#include "probes/exitsnoop.h"

static const struct probe_spec probes[] = { PROBE_BTF_RAW_TP("sched", "sched_process_exit", "exit") };

enum { OPT_UTC = 0x100, OPT_LABEL, OPT_PER_THREAD };
static bool timestamp, utc, labeled, per_thread;
static const char *label;
static char time_title[24] = "TIME";

static const struct tool_option options[] = {
	OPT_FLAG('t', "timestamp", &timestamp, "Include timestamp (local time default)"),
	/* UTC is a timestamp too: the flag -t sets is its `given`. */
	OPT_FLAG(OPT_UTC, "utc", &utc, "Include timestamp in UTC (-t implied)", .given = &timestamp),
	OPT_STRING(OPT_LABEL, "label", "LABEL", &label, "Label each line", .given = &labeled),
	OPT_FLAG(OPT_PER_THREAD, "per-thread", &per_thread, "Trace per thread termination", .rodata = "per_thread"),
	{ { 0 } },
};

static void header(void)
{
	char zone[16];
	snprintf(time_title, sizeof(time_title), "TIME-%s", output_zone(zone, utc));
	label = labeled && !*label ? "exit" : label;
}

static void age(const struct record_column *c, const void *rec, size_t size)
{
	const struct exit_event *e = rec;
	rec_col_f64(c, e->exit_time > e->start_time ? (e->exit_time - e->start_time) / 1e9 : 0);
}

/* BCC's text: 0, "code N", "signal N (NAME)" and ", core dumped "; JSON
 * has them as keys. */
static void exit_code(const struct record_column *c, const void *rec, size_t size)
{
	const struct exit_event *e = rec;
	int sig = e->sig_info & 0x7f;
	const char *name = sigabbrev_np(sig);
	if (output_mode == OUTPUT_JSON) {
		rec_i64("exit_code", NULL, e->sig_info ? 0 : e->exit_code);
		rec_i64("signal", NULL, sig);
		rec_str("signal_name", NULL, sig && name ? name : "");
		rec_bool("core_dumped", e->sig_info & 0x80);
	} else if (e->sig_info == 0) {
		printf(e->exit_code ? "code %d" : "0", e->exit_code);
	} else {
		if (sig)
			printf("signal %d (%s)", sig, name ? name : "unknown");
		if (e->sig_info & 0x80)
			printf(", core dumped ");
	}
}

static const struct record_column columns[] = {
	COL_TIME(time_title, "%-12s ", .when = &timestamp, .ms = true, .utc = &utc),
	COL_TEXT("LABEL", "%-6s", &label, .when = &labeled),
	COL(struct exit_event, comm, "PCOMM", "%-16s "),
	COL(struct exit_event, pid, "PID", "%-7u "),
	COL(struct exit_event, ppid, "PPID", "%-7u "),
	COL(struct exit_event, tid, "TID", "%-7u "),
	COL_CALL("AGE(s)", "%-7.2f ", age),
	COL_CALL("EXIT_CODE", "%-10s", exit_code),
	{ 0 },
};

DECLARE_TOOL(exitsnoop, .category = "process", .summary = "Trace all process termination (exit, fatal signal)",
	     .shape = TOOL_EVENTS, .takes = TOOL_PID | TOOL_FAILED | TOOL_EVENT_OPTIONS,
	     .help.failed = "Trace only fails, exclude exit(0)", .bound = options, TOOL_PROBES(probes),
	     .header = header, TOOL_COLUMNS(columns, struct exit_event),
	     .examples = "  exitsnoop                # trace all process termination\n"
			 "  exitsnoop -x             # trace only fails, exclude exit(0)\n"
			 "  exitsnoop -t             # include timestamps (local time)\n"
			 "  exitsnoop --utc          # include timestamps (UTC)\n"
			 "  exitsnoop -p 181         # only trace PID 181\n"
			 "  exitsnoop --label=exit   # label each output line with 'exit'\n"
			 "  exitsnoop --per-thread   # trace per thread termination");
