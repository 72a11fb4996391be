/* opensnoop: trace open() syscalls, as BCC's opensnoop. */
#include "core/runcmd.h"
#include "core/tool.h"
#include "probes/opensnoop.skel.h"

#include <fcntl.h>
#include <string.h>

#include "probes/opensnoop.h"

/* openat2 arrived in 5.6.  One raw program serves all three. */
static const struct probe_spec probes[] = {
	PROBE_SYSCALL("open", "open"),
	PROBE_SYSCALL("openat", "open"),
	PROBE_SYSCALL("openat2", "open", .optional = true),
};

static struct opts {
	bool timestamp, print_uid, extended, full_path, has_uid;
	unsigned uid;
	const char *name;
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

static const struct tool_option bound[] = {
	OPT_FLAG('T', "timestamp", &o.timestamp, "Include a timestamp column"),
	OPT_FLAG('U', "print-uid", &o.print_uid, "Print a UID column"),
	OPT_UID('u', "uid", "UID", &o.uid, &o.has_uid, "Trace this UID only", .rodata = "targ_uid"),
	OPT_STRING('n', "name", "NAME", &o.name, "Only print process names containing this name"),
	OPT_FLAG('e', "extended_fields", &o.extended, "Show extended fields (flags, mode)"),
	OPT_FLAG('F', "full-path", &o.full_path, "Show the full path of a relative name", .rodata = "full_path"),
	{ { 0 } },
};

static const struct argp_option options[] = {
	{ "flag_filter", 'f', "FLAG", 0, "Filter on flags argument (e.g. O_WRONLY); repeatable", 0 },
	RUNCMD_OPTION(OPT_EXEC),
	{ 0 },
};

static error_t parse(int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case 'f': return -parse_flag(arg);
	case OPT_EXEC: return runcmd_take(state);
	case ARGP_KEY_END:
		if (runcmd_given() && (tool_args.pid || tool_args.tid)) {
			log_err("--exec traces the command it runs: not with -p or -t");
			return EINVAL;
		}
		return 0;
	}
	return ARGP_ERR_UNKNOWN;
}

static int configure(struct tracer *t)
{
	((struct opensnoop_bpf *)t->skel)->rodata->flags_mask = o.flags_mask;
	/* Before load: the command's PID is the -p that core writes. */
	return runcmd_given() ? runcmd_start(&tool_args.pid) : 0;
}

static int end(struct tracer *t)
{
	return runcmd_finish();
}

static void header(void)
{
	FILE *out = record_header_out();
	if (o.timestamp)
		fprintf(out, "%-14s", "TIME(s)");
	if (o.print_uid)
		fprintf(out, "%-6s", "UID");
	fprintf(out, "%-6s %-16s %4s %3s ", tool_args.tid ? "TID" : "PID", "COMM", "FD", "ERR");
	if (o.extended)
		fprintf(out, "%-8s %-4s ", "FLAGS", "MODE");
	fprintf(out, "PATH\n");
	fflush(out);
	runcmd_go();
}

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

static __u64 initial_ts;

static int on_event(const void *data, size_t size)
{
	const struct open_event *e = data;
	char comm[17];
	snprintf(comm, sizeof(comm), "%.16s", e->comm);
	if (o.name && !strstr(comm, o.name))
		return 0;
	if (!initial_ts)
		initial_ts = e->ts;
	if (o.timestamp)
		rec_f64("time_s", "%-14.9f", (double)(e->ts - initial_ts) / 1e9);
	if (o.print_uid)
		rec_u64("uid", "%-6llu", e->uid);
	pid_t tid = tool_args.tid;
	rec_u64(tid ? "tid" : "pid", "%-6llu ", tid ? (__u32)e->id : (__u32)(e->id >> 32));
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

DECLARE_TOOL(opensnoop, .category = "files", .summary = "Trace open() syscalls", .shape = TOOL_EVENTS,
	     .takes = TOOL_PID | TOOL_TID | TOOL_FAILED | TOOL_EVENT_OPTIONS | TOOL_SELF | TOOL_CONTAINERS,
	     .help = { .failed = "Only show failed opens", .duration = "Total duration of trace in seconds" },
	     .bound = bound, .options = options, .parse = parse, TOOL_PROBES(probes), .configure = configure, .end = end,
	     .header = header, .event = on_event, .event_size = offsetof(struct open_event, dir),
	     .examples = "  opensnoop                        # trace all open() syscalls\n"
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
			 "  opensnoop --exec ls -l /tmp      # run 'ls -l /tmp' and trace only it");
