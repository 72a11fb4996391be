/* opensnoop: trace open() syscalls, as BCC's opensnoop. */
#include "core/args.h"
#include "core/events.h"
#include "core/log.h"
#include "core/loop.h"
#include "core/record.h"
#include "core/runcmd.h"
#include "core/tool.h"
#include "core/tracer.h"
#include "probes/opensnoop.skel.h"

#include <fcntl.h>
#include <linux/types.h>
#include <stdio.h>
#include <string.h>

#include "probes/opensnoop.h"

enum { P_OPEN, P_OPEN_RET, P_OPENAT, P_OPENAT_RET, P_OPENAT2, P_OPENAT2_RET };

static const struct probe_spec probes[] = {
	[P_OPEN] = { "open entry",
		     { { PM_TRACEPOINT, "open_enter_tp", "syscalls:sys_enter_open" },
		       { PM_RAW_TP, "open_enter_raw", "sys_enter" } } },
	[P_OPEN_RET] = { "open return",
			 { { PM_TRACEPOINT, "open_exit_tp", "syscalls:sys_exit_open" },
			   { PM_RAW_TP, "open_exit_raw", "sys_exit" } } },
	[P_OPENAT] = { "openat entry",
		       { { PM_TRACEPOINT, "openat_enter_tp", "syscalls:sys_enter_openat" },
			 { PM_RAW_TP, "open_enter_raw", "sys_enter" } } },
	[P_OPENAT_RET] = { "openat return",
			   { { PM_TRACEPOINT, "openat_exit_tp", "syscalls:sys_exit_openat" },
			     { PM_RAW_TP, "open_exit_raw", "sys_exit" } } },
	/* openat2 arrived in 5.6. */
	[P_OPENAT2] = { "openat2 entry",
			{ { PM_TRACEPOINT, "openat2_enter_tp", "syscalls:sys_enter_openat2" },
			  { PM_RAW_TP, "open_enter_raw", "sys_enter" } },
			.optional = true },
	[P_OPENAT2_RET] = { "openat2 return",
			    { { PM_TRACEPOINT, "openat2_exit_tp", "syscalls:sys_exit_openat2" },
			      { PM_RAW_TP, "open_exit_raw", "sys_exit" } },
			    .optional = true },
};

static struct opts {
	bool timestamp, print_uid, failed, extended, full_path;
	pid_t pid, tid;
	unsigned uid;
	bool has_uid;
	const char *name;
	unsigned long duration_ms;
	__u64 flags_mask;
} o;

static const struct {
	const char *name;
	int value;
} open_flags[] = {
	{ "O_WRONLY", O_WRONLY }, { "O_RDWR", O_RDWR },	      { "O_CREAT", O_CREAT },
	{ "O_EXCL", O_EXCL },	  { "O_NOCTTY", O_NOCTTY },   { "O_TRUNC", O_TRUNC },
	{ "O_APPEND", O_APPEND }, { "O_NONBLOCK", O_NONBLOCK }, { "O_DSYNC", O_DSYNC },
	{ "O_SYNC", O_SYNC },	  { "O_DIRECTORY", O_DIRECTORY }, { "O_NOFOLLOW", O_NOFOLLOW },
	{ "O_CLOEXEC", O_CLOEXEC }, { "O_DIRECT", O_DIRECT }, { "O_LARGEFILE", 0100000 },
	{ "O_NOATIME", O_NOATIME }, { "O_PATH", O_PATH },     { "O_TMPFILE", O_TMPFILE },
};

static int parse_flag(const char *s)
{
	for (size_t i = 0; i < sizeof(open_flags) / sizeof(open_flags[0]); i++)
		if (!strcasecmp(s, open_flags[i].name)) {
			o.flags_mask |= open_flags[i].value;
			return 0;
		}
	log_err("invalid flag '%s': expected one of O_WRONLY, O_RDWR, O_CREAT, O_TRUNC, O_APPEND, ...", s);
	return -EINVAL;
}

enum { OPT_EXEC = 0x100 };

static const struct argp_option options[] = {
	{ "timestamp", 'T', NULL, 0, "Include a timestamp column", 0 },
	{ "print-uid", 'U', NULL, 0, "Print a UID column", 0 },
	{ "failed", 'x', NULL, 0, "Only show failed opens", 0 },
	{ "pid", 'p', "PID", 0, "Trace this PID only", 0 },
	{ "tid", 't', "TID", 0, "Trace this TID only", 0 },
	{ "uid", 'u', "UID", 0, "Trace this UID only", 0 },
	{ "duration", 'd', "SECONDS", 0, "Total duration of trace in seconds", 0 },
	{ "name", 'n', "NAME", 0, "Only print process names containing this name", 0 },
	{ "extended_fields", 'e', NULL, 0, "Show extended fields (flags, mode)", 0 },
	{ "flag_filter", 'f', "FLAG", 0, "Filter on flags argument (e.g. O_WRONLY); repeatable", 0 },
	{ "full-path", 'F', NULL, 0, "Show the full path of a relative name", 0 },
	RUNCMD_OPTION(OPT_EXEC),
	RECORD_JSON_OPTION,
	{ 0 },
};

static error_t parse(int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case 'T': o.timestamp = true; return 0;
	case 'U': o.print_uid = true; return 0;
	case 'x': o.failed = true; return 0;
	case 'e': o.extended = true; return 0;
	case 'F': o.full_path = true; return 0;
	case 'j': record_json = true; return 0;
	case 'p': return -args_pid(arg, "PID", &o.pid);
	case 't': return -args_pid(arg, "TID", &o.tid);
	case 'u': o.has_uid = true; return -args_uid(arg, &o.uid);
	case 'd': return -args_seconds(arg, "duration", &o.duration_ms);
	case 'n': o.name = arg; return 0;
	case 'f': return -parse_flag(arg);
	case OPT_EXEC: return runcmd_take(state);
	case ARGP_KEY_ARG: log_err("unexpected argument '%s'", arg); return EINVAL;
	case ARGP_KEY_END:
		if (runcmd_given() && (o.pid || o.tid)) {
			log_err("--exec traces the command it runs: not with -p or -t");
			return EINVAL;
		}
		return 0;
	}
	return ARGP_ERR_UNKNOWN;
}

static const struct argp_child children[] = {
	ARGS_CHILD_COMMON, ARGS_CHILD_BUFFER, ARGS_CHILD_SELF, ARGS_CHILD_CONTAINERS, { 0 },
};
static const struct argp argp = {
	options, parse, NULL,
	"Trace open() syscalls.\v"
	"Examples:\n"
	"  opensnoop                        # trace all open() syscalls\n"
	"  opensnoop -T                     # include timestamps\n"
	"  opensnoop -U                     # include UID\n"
	"  opensnoop -x                     # only show failed opens\n"
	"  opensnoop -p 181                 # only trace PID 181\n"
	"  opensnoop -t 123                 # only trace TID 123\n"
	"  opensnoop -u 1000                # only trace UID 1000\n"
	"  opensnoop -d 10                  # trace for 10 seconds only\n"
	"  opensnoop -n main                # only print process names containing \"main\"\n"
	"  opensnoop -e                     # show extended fields\n"
	"  opensnoop -f O_WRONLY -f O_RDWR  # only print calls for writing\n"
	"  opensnoop -F                     # show full path for an open file with relative path\n"
	"  opensnoop --exec ls -l /tmp      # run 'ls -l /tmp' and trace only it",
	children,
};

static __u64 initial_ts;

/* -F: the directory's names, read innermost first, joined from the root,
 * then the name as given (BCC's join: "../x" stays as it is). */
static void full_path(const struct open_event *e, size_t size, char *out, size_t len)
{
	const char *parts[OPEN_DIR_DEPTH];
	size_t n = 0, off = 0, have = size - offsetof(struct open_event, dir);
	size_t used = e->dir_size < have ? e->dir_size : have;
	for (size_t i = 0; i < used && n < e->dir_parts && n < OPEN_DIR_DEPTH; n++) {
		parts[n] = &e->dir[i];
		i += strnlen(&e->dir[i], used - i) + 1;
	}
	if (e->dir_state == OPEN_DIR_TRUNCATED)
		off += snprintf(out + off, len - off, "...");
	while (n-- > 0 && off < len)
		off += snprintf(out + off, len - off, "/%.*s", OPEN_DIR_PART, parts[n]);
	if (off < len)
		snprintf(out + off, len - off, "/%.*s", OPEN_NAME_MAX, e->name);
}

static int on_event(void *ctx, const void *data, size_t size)
{
	const struct open_event *e = data;
	char comm[17];

	if (size < offsetof(struct open_event, dir))
		return 0;
	memcpy(comm, e->comm, 16);
	comm[16] = 0;
	if (o.name && !strstr(comm, o.name))
		return 0;
	if (!initial_ts)
		initial_ts = e->ts;
	if (o.timestamp)
		rec_f64("time_s", "%-14.9f", (double)(e->ts - initial_ts) / 1e9);
	if (o.print_uid)
		rec_u64("uid", "%-6llu", e->uid);
	rec_u64(o.tid ? "tid" : "pid", "%-6llu ", o.tid ? (__u32)e->id : (__u32)(e->id >> 32));
	rec_str("comm", "%-16s ", comm);
	rec_i64("fd", "%4lld ", e->ret >= 0 ? e->ret : -1);
	rec_i64("err", "%3lld ", e->ret >= 0 ? 0 : -e->ret);
	if (o.extended) {
		rec_u64("flags", "%08llo ", e->flags);
		/* open(2) ignores the mode unless a file may be created. */
		if (e->mode == 0 && !(e->flags & O_CREAT) && (e->flags & O_TMPFILE) != O_TMPFILE)
			rec_none("mode", "%-4s ", "n/a");
		else
			rec_u64("mode", "%04llo ", e->mode);
	}
	char path[OPEN_DIR_BUF + OPEN_NAME_MAX + 8];
	if (e->dir_state == OPEN_DIR_COMPLETE || e->dir_state == OPEN_DIR_TRUNCATED)
		full_path(e, size, path, sizeof(path));
	else
		snprintf(path, sizeof(path), "%.*s", OPEN_NAME_MAX, e->name);
	rec_str("path", "%s", path);
	rec_end();
	return 0;
}

static void header(void)
{
	FILE *out = record_header_out();
	if (o.timestamp)
		fprintf(out, "%-14s", "TIME(s)");
	if (o.print_uid)
		fprintf(out, "%-6s", "UID");
	fprintf(out, "%-6s %-16s %4s %3s ", o.tid ? "TID" : "PID", "COMM", "FD", "ERR");
	if (o.extended)
		fprintf(out, "%-8s %-4s ", "FLAGS", "MODE");
	fprintf(out, "PATH\n");
	fflush(out);
	runcmd_go();
}

static int opensnoop_main(int argc, char **argv)
{
	if (args_parse(&argp, argc, argv, NULL))
		return 2;
	if (runcmd_given() && runcmd_start(&o.pid))
		return 1;

	struct opensnoop_bpf *skel = TRACER_OPEN(opensnoop);
	if (!skel)
		return 1;
	skel->rodata->targ_tgid = o.pid;
	skel->rodata->targ_tid = o.tid;
	if (o.has_uid)
		skel->rodata->targ_uid = o.uid;
	skel->rodata->failed_only = o.failed;
	skel->rodata->flags_mask = o.flags_mask;
	skel->rodata->full_path = o.full_path;

	struct tracer tr = TRACER_INIT(skel, probes);
	int err = tracer_select(&tr);
	if (!err) {
		skel->rodata->raw_open = !strcmp(tracer_mech(&tr, P_OPEN), "raw_tp");
		skel->rodata->raw_openat = !strcmp(tracer_mech(&tr, P_OPENAT), "raw_tp");
		skel->rodata->raw_openat2 = !strcmp(tracer_mech(&tr, P_OPENAT2), "raw_tp");
		err = tracer_start(&tr);
	}
	err = err ?: events_run(&tr, on_event, NULL, header, o.duration_ms);
	int ran = runcmd_finish();
	err = err ?: ran;
	tracer_destroy(&tr);
	return err < 0 ? 1 : 0;
}

BPFKIT_TOOL(opensnoop, .name = "opensnoop", .category = "files", .summary = "Trace open() syscalls",
	    .main = opensnoop_main);
