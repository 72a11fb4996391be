/* tcptracer: TCP connections established (connect, accept) and closed, as
 * BCC's tcptracer. */
#include "core/netfilter.h"
#include "core/tcptext.h"
#include "core/tool.h"
#include "probes/tcptracer.skel.h"

#include <string.h>

#include "probes/tcptracer.h"

/* Where kprobes and fentry are missing: the accept syscalls' descriptors,
 * and close() of a TCP socket's (probes/tcptracer.bpf.c). */
static const struct probe_spec probes[] = {
	PROBE_BTF_RAW_TP("sock", "inet_sock_set_state", "state"),
	{ "inet_csk_accept return",
	  { { PM_KRETPROBE, "accept_kretprobe", "inet_csk_accept" },
	    { PM_TRACEPOINT, "accept_tp", "syscalls:sys_exit_accept4" } } },
	{ "accept return", { { PM_TRACEPOINT, "accept0_tp", "syscalls:sys_exit_accept" } }, .optional = true },
	PROBE_FENTRY_TP("tcp_close", "tcp_close", "close", "syscalls:sys_enter_close"),
};

static struct net_filter nf;
static unsigned long netns;
static bool timestamp, verbose, brief, brief_ts, verbose_ts, netns_col, no_netns_col;

static const struct tool_option options[] = {
	OPT_FLAG('t', "timestamp", &timestamp, "include timestamp on output"),
	OPT_ULONG('N', "netns", "NETNS", &netns, 1, 0xffffffffUL, "trace this Network Namespace only",
		  .rodata = "targ_netns"),
	OPT_FLAG('4', "ipv4", &nf.ipv4, "trace IPv4 family only"),
	OPT_FLAG('6', "ipv6", &nf.ipv6, "trace IPv6 family only"),
	OPT_FLAG('v', "verbose", &verbose, "include Network Namespace in the output"),
	{ { 0 } },
};

static int configure(struct tracer *t)
{
	brief = !verbose, brief_ts = timestamp && !verbose, verbose_ts = timestamp && verbose;
	netns_col = verbose && !netns, no_netns_col = verbose && netns;
	int err = net_filter_configure(t, &nf) ?: tracer_select(t);
	bool sys = !err && !strcmp(tracer_mech(t, 1), "tracepoint");
	return err ?: tracer_set_rodata(t, "from_syscalls", &sys, sizeof(sys));
}

static const char *letter(int type) { return type >= 1 && type <= 3 ? (const char *[]){ "C", "A", "X" }[type - 1] : "U"; }
static const char *word(int type) { return type >= 1 && type <= 3 ? (const char *[]){ "connect", "accept", "close" }[type - 1] : "unknown"; }

static void header(void)
{
	record_status("Tracing TCP established connections. Ctrl-C to end.");
}

#define EV struct tcptracer_event
static const struct record_column columns[] = {
	COL(EV, ts_ns, "TIME(s)", "%-9.3f", .when = &brief_ts, .scale = 1e9, .since_first = true),
	COL(EV, ts_ns, "TIME(ns)", "%-14u", .when = &verbose_ts, .since_first = true),
	COL(EV, type, "T", "%-2s ", .when = &brief, .name_of = letter),
	COL(EV, type, "TYPE", "%-12s ", .when = &verbose, .name_of = word),
	COL(EV, pid, "PID", "%-6u "),
	COL(EV, comm, "COMM", "%-16s "),
	COL(EV, t.family, "IP", "%-2s ", .name_of = inet_ip_name),
	COL_INET_BRACKETED(EV, t.saddr, t.family, "SADDR", "%-16s "),
	COL_INET_BRACKETED(EV, t.daddr, t.family, "DADDR", "%-16s "),
	COL(EV, t.lport, "SPORT", "%-6u "),
	COL(EV, t.dport, "DPORT", "%-6u", .when = &brief),
	COL(EV, t.dport, "DPORT", "%-6u ", .when = &netns_col, .hfmt = "%-7s"),
	COL(EV, t.dport, "DPORT", "%-6u", .when = &no_netns_col, .hfmt = "%-7s"),
	COL(EV, netns, "NETNS", "%-8u", .when = &netns_col),
	{ 0 },
};

DECLARE_TOOL(tcptracer, .category = "network", .summary = "Trace TCP connections", .shape = TOOL_EVENTS,
	     .takes = TOOL_PID | TOOL_EVENT_OPTIONS | TOOL_CONTAINERS, .bound = options, TOOL_PROBES(probes),
	     .help = { .pid = "trace this PID only" }, .configure = configure, .header = header,
	     .columns = columns, .event_size = sizeof(struct tcptracer_event),
	     .examples = "  tcptracer             # trace all TCP connections\n"
			 "  tcptracer -t          # include timestamps\n"
			 "  tcptracer -p 181      # only trace PID 181\n"
			 "  tcptracer -N 4026531992  # only trace this network namespace\n"
			 "  tcptracer -v          # include the network namespace, and event types in words\n"
			 "  tcptracer -4          # only trace IPv4 family\n"
			 "  tcptracer -6          # only trace IPv6 family");
