/* sofdsnoop: file descriptors passed over unix sockets, as BCC's. */
#include "core/tool.h"
#include "probes/sofdsnoop.skel.h"

#include <limits.h>
#include <unistd.h>

#include "probes/sofdsnoop.h"

/* sendmsg()'s entry, recvmsg()'s entry and return, sendmmsg()'s and
 * recvmmsg()'s (core/probe.h's chains). */
static const struct probe_spec probes[] = {
	{ "sendmsg entry",
	  { { PM_TRACEPOINT, "sendmsg_enter_tp", "syscalls:sys_enter_sendmsg" }, { PM_RAW_TP, "sendmsg_enter_raw", "sys_enter" } } },
	PROBE_SYSCALL("recvmsg", "recvmsg"),
	PROBE_SYSCALL("sendmmsg", "mmsg"),
	PROBE_SYSCALL("recvmmsg", "mmsg"),
};

static bool timestamp;
static const char *name; /* -n */

static const struct tool_option options[] = {
	OPT_FLAG('T', "timestamp", &timestamp, "include timestamp on output"),
	OPT_STRING('n', "name", "NAME", &name, "only print process names containing this name"),
	{ { 0 } },
};

static const char *action_name(int action) { return action == SOFD_SEND ? "SEND" : "RECV"; }

/* What the thread's descriptor is now, as BCC reads it when it prints. */
static const char *fd_file(unsigned tid, int fd, char *buf, size_t len)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%u/fd/%d", tid, fd);
	ssize_t n = readlink(path, buf, len - 1);
	return n < 0 ? "N/A" : (buf[n] = 0, buf);
}

static void socket_col(const struct record_column *c, const void *rec, size_t size)
{
	const struct sofd_row *e = rec;
	char buf[PATH_MAX], text[PATH_MAX + 16];
	snprintf(text, sizeof(text), "%d:%s", e->sock_fd, fd_file(e->tid, e->sock_fd, buf, sizeof(buf)));
	rec_col_str(c, text);
}

/* The name of a descriptor sent; a received one's is not looked up, as BCC. */
static void name_col(const struct record_column *c, const void *rec, size_t size)
{
	const struct sofd_row *e = rec;
	char buf[PATH_MAX];
	rec_col_str(c, e->action == SOFD_SEND ? fd_file(e->tid, e->fd, buf, sizeof(buf)) : "");
}

#define EV struct sofd_row
static const struct record_column columns[] = {
	COL(EV, ts_us, "TIME(s)", "%-14.9f", .scale = 1e6, .since_first = true, .when = &timestamp),
	COL(EV, action, "ACTION", "%-6s ", .name_of = action_name),
	COL(EV, tid, "TID", "%-6u "),
	COL(EV, comm, "COMM", "%-16s ", .contains = &name),
	COL_CALL("SOCKET", "%-25s ", socket_col),
	COL(EV, fd, "FD", "%-5d "),
	COL_CALL("NAME", "%s", name_col),
	{ 0 },
};

/* A row per descriptor of the message. */
static int event(const void *data, size_t size)
{
	const struct sofd_event *e = data;
	struct sofd_row r = e->r;
	for (unsigned i = 0; i < e->nfds && i < SOFD_MAX_FDS; i++)
		r.fd = e->fds[i], record_row(columns, &r, sizeof(r));
	return 0;
}

DECLARE_TOOL(sofdsnoop, .category = "network", .summary = "Trace file descriptors passed via socket",
	     .shape = TOOL_EVENTS, TOOL_PROBES(probes), .columns = columns, .event = event,
	     .event_size = sizeof(struct sofd_event), .bound = options,
	     .takes = TOOL_PID | TOOL_TID | TOOL_EVENT_OPTIONS,
	     .help = { .pid = "trace this PID only", .tid = "trace this TID only",
		       .duration = "total duration of trace in seconds" },
	     .examples = "  sofdsnoop           # trace passed file descriptors\n"
			 "  sofdsnoop -T        # include timestamps\n"
			 "  sofdsnoop -p 181    # only trace PID 181\n"
			 "  sofdsnoop -t 123    # only trace TID 123\n"
			 "  sofdsnoop -d 10     # trace for 10 seconds only\n"
			 "  sofdsnoop -n main   # only print process names containing \"main\"");
