/* syscount: count system calls by syscall or by process, optionally with
 * their total latency, as BCC's syscount. */
#include "core/histmap.h"
#include "core/metrics/sink.h"
#include "core/runcmd.h"
#include "core/syscalls.h"
#include "core/tool.h"
#include "probes/syscount.skel.h"

#include <bpf/bpf.h>
#include <stdlib.h>
#include <string.h>

#include "probes/syscount.h"

/* Exit first: counting happens at syscall exit; entry is only needed for
 * latency, so without -L only the first spec is used. */
static const struct probe_spec probes[] = {
	{ "syscall exit",
	  { { PM_TP_BTF, "exit_btf", "sys_exit" },
	    { PM_RAW_TP, "exit_raw", "sys_exit" },
	    { PM_TRACEPOINT, "exit_tp", "raw_syscalls:sys_exit" } } },
	{ "syscall entry",
	  { { PM_TP_BTF, "enter_btf", "sys_enter" },
	    { PM_RAW_TP, "enter_raw", "sys_enter" },
	    { PM_TRACEPOINT, "enter_tp", "raw_syscalls:sys_enter" } } },
};

enum { OPT_SYSCALL = 0x100, OPT_EXEC };

static struct opts {
	pid_t ppid;
	unsigned long top;
	bool latency, millis, process, list;
	int err_no, nr;
	const char *syscall;
} o = { .top = 10, .nr = -1 };

/* -d is BCC's "DURATION", -x its --failures, -T its top count, -c a parent
 * PID. */
static const struct tool_option bound[] = {
	OPT_PID('c', "ppid", "PPID", "parent PID", &o.ppid, "Trace only children of this pid", .rodata = "targ_ppid"),
	OPT_FLAG('x', "failures", &tool_args.failed, "Trace only failed syscalls (return < 0)", .rodata = "failed_only"),
	OPT_FLAG('L', "latency", &o.latency, "Collect syscall latency", .rodata = "latency"),
	OPT_FLAG('m', "milliseconds", &o.millis, "Display latency in milliseconds (default: microseconds)"),
	OPT_FLAG('P', "process", &o.process, "Count by process and not by syscall", .rodata = "by_process"),
	OPT_FLAG('l', "list", &o.list, "Print list of recognized syscalls and exit"),
	{ { 0 } },
};

static const struct argp_option options[] = {
	{ "duration", 'd', "DURATION", 0, "Total duration of trace, in seconds", 0 },
	{ "top", 'T', "TOP", 0, "Print only the top syscalls by count or latency (default 10)", 0 },
	{ "errno", 'e', "ERRNO", 0, "Trace only syscalls that return this error (numeric or EPERM, etc.)", 0 },
	{ "syscall", OPT_SYSCALL, "NAME", 0, "Trace this syscall only (see -l)", 0 },
	RUNCMD_OPTION(OPT_EXEC),
	{ 0 },
};

static error_t parse(int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case 'd': return -args_seconds(arg, "duration", &tool_args.duration_ms);
	case 'T': return -args_ulong(arg, "top", 1, ~0UL, &o.top);
	case 'e':
		o.err_no = errno_parse(arg);
		if (o.err_no < 0) {
			log_err("invalid errno '%s': expected a number or a name like ENOENT", arg);
			return EINVAL;
		}
		return 0;
	case OPT_SYSCALL:
		o.syscall = arg;
		o.nr = syscall_nr(arg);
		if (o.nr < 0) {
			log_err("unknown syscall '%s' (syscount -l lists them)", arg);
			return EINVAL;
		}
		return 0;
	case OPT_EXEC: return runcmd_take(state);
	case ARGP_KEY_END:
		if (runcmd_given() && (tool_args.pid || tool_args.tid || o.ppid)) {
			log_err("--exec traces the command it runs: not with -p, -t or -c");
			return EINVAL;
		}
		return 0;
	}
	return ARGP_ERR_UNKNOWN;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* -l: 1, nothing to trace. */
static int list_syscalls(void)
{
	const char *names[syscall_names_count];
	int n = 0;
	for (int i = 0; i < syscall_names_count; i++)
		if (syscall_names[i])
			names[n++] = syscall_names[i];
	qsort(names, n, sizeof(*names), cmp_names);
	for (int i = 0; i < n; i++)
		printf("%s%-22s%s", i % 4 ? "   " : "", names[i], i % 4 == 3 || i == n - 1 ? "\n" : "");
	return 1; /* nothing to trace */
}

struct row {
	__u32 key;
	struct syscount_val v;
};

static int cmp_rows(const void *a, const void *b)
{
	const struct row *x = a, *y = b;
	__u64 kx = o.latency ? x->v.total_ns : x->v.count, ky = o.latency ? y->v.total_ns : y->v.count;
	return kx < ky ? 1 : kx > ky ? -1 : 0;
}

static int summary(struct tracer *t, bool last)
{
	struct syscount_bpf *skel = t->skel;
	struct row *rows;
	int n = histmap_read(bpf_map__fd(skel->maps.counts), sizeof(rows->key), sizeof(*rows), offsetof(struct row, v),
			     true, (void **)&rows);
	char hms[16], name[64];
	if (n < 0)
		return n;
	qsort(rows, n, sizeof(*rows), cmp_rows);

	/* -j: an object per row, each with the time; the rest on stderr. */
	FILE *out = record_header_out();
	fprintf(out, "[%s]\n", output_hms(hms));
	const char *agg = o.process ? "PID    COMM" : "SYSCALL";
	if (o.latency)
		fprintf(out, "%-22s %8s %16s\n", agg, "COUNT", o.millis ? "TIME (ms)" : "TIME (us)");
	else
		fprintf(out, "%-22s %8s\n", agg, "COUNT");
	for (int i = 0; i < n && ((unsigned long)i < o.top || metrics_sink_on); i++) {
		rec_str("time", NULL, hms);
		if (o.process) {
			char comm[17];
			snprintf(comm, sizeof(comm), "%.16s", rows[i].v.comm);
			rec_u64("pid", "%-6llu ", rows[i].key);
			rec_str("comm", "%-15.16s ", comm);
		} else {
			rec_str("syscall", "%-22s ", syscall_name(rows[i].key, name, sizeof(name)));
		}
		if (o.latency) {
			rec_u64("count", "%8llu ", rows[i].v.count);
			rec_f64(o.millis ? "time_ms" : "time_us", o.millis ? "%16.6f" : "%16.3f",
				rows[i].v.total_ns / (o.millis ? 1e6 : 1e3));
		} else {
			rec_u64("count", "%8llu", rows[i].v.count);
		}
		rec_end();
	}
	fprintf(out, "\n");
	if (last)
		fprintf(out, "Detaching...\n");
	fflush(stdout);
	free(rows);
	return 0;
}

static int configure(struct tracer *t)
{
	if (o.list)
		return list_syscalls();
	struct syscount_bpf *skel = t->skel;
	skel->rodata->targ_nr = o.nr;
	skel->rodata->targ_errno = o.err_no;
	if (!o.latency)
		t->nspecs = 1;
	/* Before load: the command's PID is the -p that core writes. */
	return runcmd_given() ? runcmd_start(&tool_args.pid) : 0;
}

static void header(void)
{
	const char *failed = tool_args.failed ? "failed " : "";
	if (o.syscall)
		record_status("Tracing %ssyscall '%s'... Ctrl+C to quit.", failed, o.syscall);
	else
		record_status("Tracing %ssyscalls, printing top %lu... Ctrl+C to quit.", failed, o.top);
	runcmd_go();
}

static int end(struct tracer *t)
{
	return runcmd_finish();
}

DECLARE_TOOL(syscount, .category = "syscalls", .summary = "Summarize syscall counts and latencies",
	     .shape = TOOL_INTERVAL, .takes = TOOL_PID | TOOL_TID | TOOL_JSON | TOOL_INTERVAL_OPTION,
	     .help = { .pid = "Trace only this pid", .tid = "Trace only this tid" },
	     .bound = bound, .options = options, .parse = parse, TOOL_PROBES(probes), .configure = configure, .header = header,
	     .interval = summary, .end = end,
	     TOOL_METRICS({ "count", "syscalls_total", "System calls counted, by syscall (by process with -P)" },
			  { "time_us", "syscall_seconds_total", "Time spent in the counted system calls (-L)", 1e-6 },
			  { "time_ms", "syscall_seconds_total", "Time spent in the counted system calls (-L)", 1e-3 }),
	     .examples = "  syscount                 # count syscalls, print the top 10 at Ctrl-C\n"
			 "  syscount -p $(pidof dd)  # count syscalls of one process\n"
			 "  syscount -L              # also total the time spent in each syscall\n"
			 "  syscount -P              # count by process instead of by syscall\n"
			 "  syscount -x -i 5         # failed syscalls, a summary every 5 seconds\n"
			 "  syscount -e ENOENT -i 5  # syscalls failing with ENOENT\n"
			 "  syscount --syscall stat  # only the stat syscall\n"
			 "  syscount --exec ls -l    # run 'ls -l' and count only its syscalls");
