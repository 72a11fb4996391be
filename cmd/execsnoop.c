/* execsnoop: trace new processes through exec(), as BCC's execsnoop. */
#include "core/regexp.h"
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

enum { OPT_MAX_ARGS = 0x100 };

static const struct argp_option options[] = {
	{ "time", 'T', NULL, 0, "Include a time column (HH:MM:SS)", 0 },
	{ "timestamp", 't', NULL, 0, "Include a timestamp column (seconds since start)", 0 },
	{ "fails", 'x', NULL, 0, "Include failed exec()s", 0 },
	{ "uid", 'u', "USER", 0, "Trace this UID (or user name) only", 0 },
	{ "quote", 'q', NULL, 0, "Add \"quotemarks\" around arguments", 0 },
	{ "name", 'n', "NAME", 0, "Only print commands whose name matches this regex", 0 },
	{ "line", 'l', "LINE", 0, "Only print commands whose arguments match this regex", 0 },
	{ "print-uid", 'U', NULL, 0, "Print a UID column", 0 },
	{ "print-cpu", 'C', NULL, 0, "Print a CPU column", 0 },
	{ "print-pcomm", 'M', NULL, 0, "Print the parent's command", 0 },
	{ "max-args", OPT_MAX_ARGS, "N", 0, "Maximum number of arguments shown (default 20)", 0 },
	{ "ppid", 'P', "PPID", 0, "Trace new processes of this parent PID only", 0 },
	{ 0 },
};

static int compile(regex_t *re, const char *s, const char *what)
{
	char err[256];
	int rc = regexp_compile(re, s, REG_NOSUB, err, sizeof(err));
	if (rc)
		log_err("%s: %s", what, err);
	return rc;
}

static error_t parse(int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case 'T': o.time = true; return 0;
	case 't': o.timestamp = true; return 0;
	case 'x': o.fails = true; return 0;
	case 'q': o.quote = true; return 0;
	case 'U': o.print_uid = true; return 0;
	case 'C': o.print_cpu = true; return 0;
	case 'M': o.print_pcomm = true; return 0;
	case 'u': o.has_uid = true; return -args_uid(arg, &o.uid);
	case 'n': o.has_name = true; return -compile(&o.name_re, arg, "-n");
	case 'l': o.has_line = true; return -compile(&o.line_re, arg, "-l");
	case OPT_MAX_ARGS: return -args_ulong(arg, "--max-args", 1, EXEC_TOTAL_MAX_ARGS - 1, &o.max_args);
	case 'P': return -args_pid(arg, "parent PID", &o.ppid);
	}
	return ARGP_ERR_UNKNOWN;
}

static int configure(struct tracer *t)
{
	struct execsnoop_bpf *skel = t->skel;
	skel->rodata->max_args = o.max_args;
	skel->rodata->include_failed = o.fails;
	if (o.has_uid)
		skel->rodata->targ_uid = o.uid;
	skel->rodata->targ_ppid = o.ppid;
	return 0;
}

static void print_header(void)
{
	output_clock_start();
	FILE *out = record_header_out();
	if (o.time)
		fprintf(out, "%-9s", "TIME");
	if (o.timestamp)
		fprintf(out, "%-8s", "TIME(s)");
	if (o.print_uid)
		fprintf(out, "%-6s", "UID");
	fprintf(out, "%-16s %-7s ", "COMM", "PID");
	if (o.print_pcomm)
		fprintf(out, "%-16s ", "PCOMM");
	fprintf(out, "%-7s ", "PPID");
	if (o.print_cpu)
		fprintf(out, "%-4s ", "CPU");
	fprintf(out, "%3s %s\n", "RET", "ARGS");
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
	     .shape = TOOL_EVENTS, .takes = TOOL_EVENT_OPTIONS | TOOL_CONTAINERS, .options = options, .parse = parse,
	     TOOL_PROBES(probes), .configure = configure, .header = print_header, .event = on_event,
	     .event_size = offsetof(struct exec_event, args),
	     .examples = "  execsnoop                # trace all exec() syscalls\n"
			 "  execsnoop -x             # include failed exec()s\n"
			 "  execsnoop -T             # include time (HH:MM:SS)\n"
			 "  execsnoop -P 181         # only new processes whose parent PID is 181\n"
			 "  execsnoop -u 1000        # only trace UID 1000\n"
			 "  execsnoop -n main        # only commands whose name matches 'main'\n"
			 "  execsnoop -l tpkg        # only commands whose arguments contain 'tpkg'");
