/* execsnoop: trace new processes through exec(), as BCC's execsnoop. */
#include "core/tool.h"
#include "probes/execsnoop.skel.h"

#include <regex.h>

#include "probes/execsnoop.h"

static const struct probe_spec probes[] = { PROBE_SYSCALL("execve", "execve") };

static struct opts {
	bool time, timestamp, fails, quote, print_uid, print_cpu, print_pcomm, has_uid, has_name, has_line;
	unsigned uid;
	pid_t ppid;
	unsigned long max_args;
	regex_t name_re, line_re;
} o = { .max_args = 20 };

static const struct tool_option options[] = {
	OPT_FLAG('T', "time", &o.time, "Include a time column (HH:MM:SS)"),
	OPT_FLAG('t', "timestamp", &o.timestamp, "Include a timestamp column (seconds since start)"),
	OPT_FLAG('x', "fails", &o.fails, "Include failed exec()s", .rodata = "include_failed"),
	OPT_UID('u', "uid", "USER", &o.uid, &o.has_uid, "Trace this UID (or user name) only", .rodata = "targ_uid"),
	OPT_FLAG('q', "quote", &o.quote, "Add \"quotemarks\" around arguments"),
	OPT_REGEX('n', "name", "NAME", &o.name_re, &o.has_name, "Only print commands whose name matches this regex"),
	OPT_REGEX('l', "line", "LINE", &o.line_re, &o.has_line, "Only print commands whose arguments match this regex"),
	OPT_FLAG('U', "print-uid", &o.print_uid, "Print a UID column"),
	OPT_FLAG('C', "print-cpu", &o.print_cpu, "Print a CPU column"),
	OPT_FLAG('M', "print-pcomm", &o.print_pcomm, "Print the parent's command"),
	OPT_ULONG(0x100, "max-args", "N", &o.max_args, 1, EXEC_TOTAL_MAX_ARGS - 1,
		  "Maximum number of arguments shown (default 20)", .rodata = "max_args"),
	OPT_PID('P', "ppid", "PPID", "parent PID", &o.ppid, "Trace new processes of this parent PID only",
		.rodata = "targ_ppid"),
	{ { 0 } },
};

static char args[EXEC_ARGS_BUF * 2 + 16];
static const char *line = args;

static const struct record_column columns[] = {
	COL_TIME("TIME", "%-9s", .when = &o.time),
	COL_ELAPSED("TIME(s)", "%-8.3f", .when = &o.timestamp),
	COL(struct exec_event, uid, "UID", "%-6u", .when = &o.print_uid),
	COL(struct exec_event, comm, "COMM", "%-16s "),
	COL(struct exec_event, pid, "PID", "%-7u "),
	COL(struct exec_event, pcomm, "PCOMM", "%-16s ", .when = &o.print_pcomm),
	COL(struct exec_event, ppid, "PPID", "%-7u ", .none = "?"),
	COL(struct exec_event, cpu, "CPU", "%-4u ", .when = &o.print_cpu),
	COL(struct exec_event, retval, "RET", "%3d "),
	COL_TEXT("ARGS", "%s", &line),
	{ 0 },
};

static int on_event(const void *data, size_t size)
{
	const struct exec_event *e = data;
	char comm[17];
	size_t have = e->args_size < EXEC_ARGS_BUF ? e->args_size : EXEC_ARGS_BUF;
	snprintf(comm, sizeof(comm), "%.16s", e->comm);
	/* -l matches the arguments as given, before -q quotes them (BCC). */
	output_args_line(e->args, have, e->args_count, false, args, sizeof(args));
	if ((o.has_name && regexec(&o.name_re, comm, 0, NULL, 0)) || (o.has_line && regexec(&o.line_re, args, 0, NULL, 0)))
		return 0;
	if (o.quote)
		output_args_line(e->args, have, e->args_count, true, args, sizeof(args));
	record_row(columns, e, size);
	return 0;
}

DECLARE_TOOL(execsnoop, .category = "process", .summary = "Trace new processes via exec() syscalls",
	     .shape = TOOL_EVENTS, .takes = TOOL_EVENT_OPTIONS | TOOL_CONTAINERS, .bound = options,
	     TOOL_PROBES(probes), .columns = columns, .event = on_event,
	     .event_size = offsetof(struct exec_event, args),
	     .examples = "  execsnoop                # trace all exec() syscalls\n"
			 "  execsnoop -x             # include failed exec()s\n"
			 "  execsnoop -T             # include time (HH:MM:SS)\n"
			 "  execsnoop -P 181         # only new processes whose parent PID is 181\n"
			 "  execsnoop -u 1000        # only trace UID 1000\n"
			 "  execsnoop -n main        # only commands whose name matches 'main'\n"
			 "  execsnoop -l tpkg        # only commands whose arguments contain 'tpkg'");
