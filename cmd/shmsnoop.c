/* shmsnoop: System V shared memory calls, as BCC's shmsnoop. */
#include "core/tool.h"
#include "probes/shmsnoop.skel.h"

#include <string.h>

#include "probes/shmsnoop.h"

static const struct probe_spec probes[] = { PROBE_SYSCALL("shmget", "shm"), PROBE_SYSCALL("shmat", "shm"),
					    PROBE_SYSCALL("shmdt", "shm"), PROBE_SYSCALL("shmctl", "shm") };

static struct { bool timestamp; const char *name; } o;

static const struct tool_option options[] = {
	OPT_FLAG('T', "timestamp", &o.timestamp, "include timestamp on output"),
	OPT_STRING('n', "name", "NAME", &o.name, "only print process names containing this name"),
	{ { 0 } },
};

struct flag { const char *name; unsigned long v; };
static const struct flag get_flags[] = { { "IPC_CREAT", 01000 }, { "IPC_EXCL", 02000 }, { "SHM_HUGETLB", 04000 },
	{ "SHM_HUGE_2MB", 21UL << 26 }, { "SHM_HUGE_1GB", 30UL << 26 }, { "SHM_NORESERVE", 010000 },
	{ "SHM_EXEC", 0100000 }, { 0 } };
static const struct flag at_flags[] = { { "SHM_RDONLY", 010000 }, { "SHM_RND", 020000 }, { "SHM_REMAP", 040000 },
	{ "SHM_EXEC", 0100000 }, { 0 } };
static const char *const ctl_cmds[16] = { "IPC_RMID", "IPC_SET", "IPC_STAT", "IPC_INFO", [11] = "SHM_LOCK",
	"SHM_UNLOCK", "SHM_STAT", "SHM_INFO", "SHM_STAT_ANY" };

/* BCC's: 0xVAL (NAME|NAME|0REST), each flag taken from what is left. */
static const char *flags(char *b, size_t len, unsigned long v, const struct flag *f)
{
	int n = snprintf(b, len, "0x%lx", v), cnt = 0;
	for (; v && f->name; f++)
		if (f->v & v)
			n += snprintf(b + n, len - n, "%s%s", cnt++ ? "|" : " (", f->name), v &= ~f->v;
	if (v)
		n += snprintf(b + n, len - n, "%s0%lo", cnt++ ? "|" : " (", v);
	return strcat(b, cnt ? ")" : "");
}

static void args(const struct record_column *c, const void *rec, size_t size)
{
	const struct shm_event *e = rec;
	const unsigned long long *a = e->args;
	char b[256], f[160], hex[20];
	const char *cmd = a[1] < 16 && ctl_cmds[a[1]] ? ctl_cmds[a[1]] : (snprintf(hex, sizeof(hex), "0x%llx", a[1]), hex);
	bool get = e->sys == SHM_SYS_GET;
	if (get || e->sys == SHM_SYS_AT)
		snprintf(b, sizeof(b), get ? "key: 0x%llx, size: %llu, shmflg: %s" : "shmid: 0x%llx, shmaddr: 0x%llx, shmflg: %s",
			 a[0], a[1], flags(f, sizeof(f), a[2], get ? get_flags : at_flags));
	else if (e->sys == SHM_SYS_DT)
		snprintf(b, sizeof(b), "shmaddr: 0x%llx", a[0]);
	else
		snprintf(b, sizeof(b), "shmid: 0x%llx, cmd: %llu (%s), buf: 0x%llx", a[0], a[1], cmd, a[2]);
	rec_col_str(c, b);
}

static const char *sys_name(int sys)
{
	return sys >= 0 && sys <= SHM_SYS_CTL ? (const char *const[]){ "SHMGET", "SHMAT", "SHMDT", "SHMCTL" }[sys] : NULL;
}

static const struct record_column columns[] = {
	COL(struct shm_event, ts, "TIME(s)", "%-14.9f", .when = &o.timestamp, .scale = 1e9, .since_first = true),
	COL(struct shm_event, pid, "PID", "%-6u ", .unless = &tool_args.has_tid),
	COL(struct shm_event, tid, "TID", "%-6u ", .when = &tool_args.has_tid),
	COL(struct shm_event, comm, "COMM", "%-16s ", .contains = &o.name),
	COL(struct shm_event, sys, "SYS", "%6s ", .name_of = sys_name),
	COL(struct shm_event, ret, "RET", "%16x "),
	COL_CALL("ARGs", "%s", args),
	{ 0 },
};

DECLARE_TOOL(shmsnoop, .category = "memory", .summary = "Trace shm*() syscalls", .shape = TOOL_EVENTS,
	     .takes = TOOL_PID | TOOL_TID | TOOL_FAILED | TOOL_EVENT_OPTIONS,
	     .help = { .pid = "trace this PID only", .tid = "trace this TID only", .failed = "only show failed calls", .duration = "total duration of trace in seconds" },
	     .bound = options, TOOL_PROBES(probes), TOOL_COLUMNS(columns, struct shm_event),
	     .examples = "  shmsnoop           # trace all shm*() syscalls\n"
			 "  shmsnoop -T        # include timestamps\n"
			 "  shmsnoop -p 181    # only trace PID 181\n"
			 "  shmsnoop -t 123    # only trace TID 123\n"
			 "  shmsnoop -d 10     # trace for 10 seconds only\n"
			 "  shmsnoop -n main   # only print process names containing \"main\"");
