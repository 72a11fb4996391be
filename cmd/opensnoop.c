/* opensnoop: trace open() syscalls, as BCC's opensnoop. */
#include "core/tool.h"
#include "probes/opensnoop.skel.h"

#include <fcntl.h>

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
	unsigned long long flags_mask;
} o;

static const struct tool_option options[] = {
	OPT_FLAG('T', "timestamp", &o.timestamp, "Include a timestamp column"),
	OPT_FLAG('U', "print-uid", &o.print_uid, "Print a UID column"),
	OPT_UID('u', "uid", "UID", &o.uid, &o.has_uid, "Trace this UID only", .rodata = "targ_uid"),
	OPT_STRING('n', "name", "NAME", &o.name, "Only print process names containing this name"),
	OPT_FLAG('e', "extended_fields", &o.extended, "Show extended fields (flags, mode)"),
	OPT_FLAG('F', "full-path", &o.full_path, "Show the full path of a relative name", .rodata = "full_path"),
	OPT_MASK('f', "flag_filter", "FLAG", &o.flags_mask, "O_", "Filter on flags argument (e.g. O_WRONLY); repeatable",
		 .rodata = "flags_mask"),
	{ { 0 } },
};

/* open(2) ignores the mode unless a file may be created. */
static void mode(const struct record_column *c, const void *rec, size_t size)
{
	const struct open_event *e = rec;
	if (e->mode == 0 && !(e->flags & O_CREAT) && (e->flags & O_TMPFILE) != O_TMPFILE)
		rec_col_none(c, "n/a");
	else
		rec_col_u64(c, e->mode);
}

static const struct record_column columns[] = {
	COL(struct open_event, ts, "TIME(s)", "%-14.9f", .when = &o.timestamp, .scale = 1e9, .since_first = true),
	COL(struct open_event, uid, "UID", "%-6u", .when = &o.print_uid),
	COL(struct open_event, pid, "PID", "%-6u ", .unless = &tool_args.has_tid),
	COL(struct open_event, tid, "TID", "%-6u ", .when = &tool_args.has_tid),
	COL(struct open_event, comm, "COMM", "%-16s ", .contains = &o.name),
	COL(struct open_event, ret, "FD", "%4d ", .ret = REC_RET_VALUE),
	COL(struct open_event, ret, "ERR", "%3d ", .ret = REC_RET_ERRNO),
	COL(struct open_event, flags, "FLAGS", "%08o ", .when = &o.extended, .hfmt = "%-8s "),
	COL_CALL("MODE", "%04o ", mode, .when = &o.extended, .hfmt = "%-4s "),
	COL_PATH(struct open_event, name, dir, "PATH", "%s"),
	{ 0 },
};

DECLARE_TOOL(opensnoop, .category = "files", .summary = "Trace open() syscalls", .shape = TOOL_EVENTS,
	     .takes = TOOL_PID | TOOL_TID | TOOL_FAILED | TOOL_EVENT_OPTIONS | TOOL_SELF | TOOL_CONTAINERS | TOOL_EXEC,
	     .help = { .failed = "Only show failed opens", .duration = "Total duration of trace in seconds" },
	     .bound = options, TOOL_PROBES(probes), .columns = columns, .event_size = offsetof(struct open_event, dir),
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
