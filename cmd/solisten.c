/* solisten: listen() on TCP sockets, as BCC's solisten. */
#include "core/tool.h"
#include "probes/solisten.skel.h"

#include <sys/socket.h>

#include "probes/solisten.h"

/* Without fentry and kprobes: listen()'s entry, its descriptor's socket. */
static const struct probe_spec probes[] = {
	PROBE_FENTRY_TP("inet_listen", "inet_listen", "listen", "syscalls:sys_enter_listen"),
};

enum { OPT_SHOW_NETNS = 0x100 };
static bool show_netns;
static unsigned long netns;

static const struct tool_option options[] = {
	OPT_FLAG(OPT_SHOW_NETNS, "show-netns", &show_netns, "Show network namespace"),
	OPT_ULONG('n', "netns", "NETNS", &netns, 1, 0xffffffffUL, "Trace this Network Namespace only",
		  .rodata = "targ_netns"),
	{ { 0 } },
};

/* BCC's PROTO: the listening socket's transport and family. */
static const char *proto_name(int family)
{
	return family == AF_INET ? "TCPv4" : family == AF_INET6 ? "TCPv6" : "UNK";
}

#define EV struct solisten_event
static const struct record_column columns[] = {
	COL(EV, pid, "PID", "%-7u "),
	COL(EV, comm, "COMM", "%-12.12s "),
	COL(EV, netns, "NETNS", "%-12u ", .when = &show_netns),
	COL(EV, t.family, "PROTO", "%-6s ", .name_of = proto_name),
	COL(EV, backlog, "BACKLOG", "%-8d "),
	COL(EV, t.lport, "PORT", "%-5u "),
	COL_INET(EV, t.saddr, t.family, "ADDR", "%-39s"),
	{ 0 },
};

DECLARE_TOOL(solisten, .category = "network", .summary = "Stream socket listen", .shape = TOOL_EVENTS,
	     .takes = TOOL_PID | TOOL_EVENT_OPTIONS, .help = { .pid = "Trace this PID only" }, .bound = options,
	     TOOL_PROBES(probes), .columns = columns, .event_size = sizeof(struct solisten_event),
	     .examples = "  solisten              # Stream socket listen\n"
			 "  solisten -p 1234      # Stream socket listen for specified PID only\n"
			 "  solisten --netns 4242 # \" for the specified network namespace ID only\n"
			 "  solisten --show-netns # Show network ns ID (useful for containers)");
