/* execsnoop: trace new processes through exec(), as BCC's execsnoop. */
#include "core/tool.h"
#include "probes/execsnoop.skel.h"

#include <regex.h>
#include <string.h>

#include "probes/execsnoop.h"

static const struct probe_spec probes[] = { PROBE_SYSCALL("execve", "execve") };

static struct opts {
	bool time, timestamp, fails, quote, print_uid, print_cpu, print_pcomm;
	unsigned uid;
	bool has_uid;
	pid_t ppid;
	unsigned long max_args;
	regex_t name_re, line_re;
	bool has_name, has_line;
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

static const struct record_column columns[] = {
	{ "%-9s", "TIME", &o.time },	   { "%-8s", "TIME(s)", &o.timestamp }, { "%-6s", "UID", &o.print_uid },
	{ "%-16s ", "COMM" },		   { "%-7s ", "PID" },		       { "%-16s ", "PCOMM", &o.print_pcomm },
	{ "%-7s ", "PPID" },		   { "%-4s ", "CPU", &o.print_cpu },   { "%3s ", "RET" },
	{ "%s", "ARGS" },		   { 0 },
};

static void print_header(void)
{
	output_clock_start();
	record_header(columns);
}

/* Arguments as one line: BCC joins them with spaces, quotes each on -q
 * (its "..." truncation marker too: BCC sends it as one more argument) and
 * escapes newlines. */
static void format_args(const struct exec_event *e, bool quote, char *out, size_t len)
{
	size_t off = 0, size = e->args_size < EXEC_ARGS_BUF ? e->args_size : EXEC_ARGS_BUF;
	unsigned stored = 0;
	out[0] = 0;
	for (size_t i = 0; i < size && off + 8 < len; stored++) {
		const char *a = &e->args[i];
		size_t alen = strnlen(a, size - i);
		if (stored)
			out[off++] = ' ';
		if (quote)
			out[off++] = '"';
		for (size_t k = 0; k < alen && off + 4 < len; k++) {
			if (a[k] == '\n') {
				out[off++] = '\\', out[off++] = 'n';
			} else if (quote && a[k] == '"') {
				out[off++] = '\\', out[off++] = '"';
			} else {
				out[off++] = a[k];
			}
		}
		if (quote)
			out[off++] = '"';
		i += alen + 1;
	}
	if (e->args_count > stored && off + 7 < len)
		off += snprintf(out + off, len - off, "%s%s", stored ? " " : "", quote ? "\"...\"" : "...");
	out[off] = 0;
}

static int on_event(const void *data, size_t size)
{
	const struct exec_event *e = data;
	char args[EXEC_ARGS_BUF * 2 + 16], hms[16], comm[17], pcomm[17];
	snprintf(comm, sizeof(comm), "%.16s", e->comm);
	snprintf(pcomm, sizeof(pcomm), "%.16s", e->pcomm);
	if (o.has_name && regexec(&o.name_re, comm, 0, NULL, 0))
		return 0;
	/* -l matches the arguments as given, before -q quotes them (BCC). */
	format_args(e, false, args, sizeof(args));
	if (o.has_line && regexec(&o.line_re, args, 0, NULL, 0))
		return 0;
	if (o.quote)
		format_args(e, true, args, sizeof(args));
	if (o.time)
		rec_str("time", "%-9s", output_hms(hms));
	if (o.timestamp)
		rec_f64("time_s", "%-8.3f", output_elapsed());
	if (o.print_uid)
		rec_u64("uid", "%-6llu", e->uid);
	rec_str("comm", "%-16s ", comm);
	rec_u64("pid", "%-7llu ", e->pid);
	if (o.print_pcomm)
		rec_str("pcomm", "%-16.16s ", pcomm);
	if (e->ppid)
		rec_u64("ppid", "%-7llu ", e->ppid);
	else
		rec_none("ppid", "%-7s ", "?");
	if (o.print_cpu)
		rec_u64("cpu", "%-4llu ", e->cpu);
	rec_i64("ret", "%3lld ", e->retval);
	rec_str("args", "%s", args);
	rec_end();
	return 0;
}

DECLARE_TOOL(execsnoop, .category = "process", .summary = "Trace new processes via exec() syscalls",
	     .shape = TOOL_EVENTS, .takes = TOOL_EVENT_OPTIONS | TOOL_CONTAINERS, .bound = options,
	     TOOL_PROBES(probes), .header = print_header, .event = on_event,
	     .event_size = offsetof(struct exec_event, args),
	     .examples = "  execsnoop                # trace all exec() syscalls\n"
			 "  execsnoop -x             # include failed exec()s\n"
			 "  execsnoop -T             # include time (HH:MM:SS)\n"
			 "  execsnoop -P 181         # only new processes whose parent PID is 181\n"
			 "  execsnoop -u 1000        # only trace UID 1000\n"
			 "  execsnoop -n main        # only commands whose name matches 'main'\n"
			 "  execsnoop -l tpkg        # only commands whose arguments contain 'tpkg'");
