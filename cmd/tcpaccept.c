/* tcpaccept: passive TCP connections (accept()), as BCC's tcpaccept. */
#include "core/netfilter.h"
#include "core/netnames.h"
#include "core/tool.h"
#include "probes/tcpaccept.skel.h"

#include <string.h>

#include "probes/tcpaccept.h"

/* kretprobe, as BCC's (an fexit needs bpf_get_func_ret, 5.17+, for the
 * arguments 6.10 changed), else the descriptors accept4() and accept()
 * return. */
static const struct probe_spec probes[] = {
	{ "inet_csk_accept",
	  { { PM_KRETPROBE, "accept_kretprobe", "inet_csk_accept" },
	    { PM_TRACEPOINT, "accept_tp", "syscalls:sys_exit_accept4" } } },
	{ "accept return", { { PM_TRACEPOINT, "accept0_tp", "syscalls:sys_exit_accept" } }, .optional = true },
};

static struct net_filter nf = { .lwhat = "port" };
static bool time_col, timestamp;

static const struct tool_option options[] = {
	OPT_FLAG('T', "time", &time_col, "Include time column on output (HH:MM:SS)"),
	OPT_FLAG('t', "timestamp", &timestamp, "Include timestamp on output"),
	OPT_STRING('P', "port", "PORTS", &nf.lports, "Comma-separated list of local ports to trace"),
	NET_FAMILY_OPTIONS(nf, "Trace"),
	{ { 0 } },
};

static int configure(struct tracer *t)
{
	int err = net_filter_configure(t, &nf) ?: tracer_select(t);
	bool sys = !err && !strcmp(tracer_mech(t, 0), "tracepoint");
	return err ?: tracer_set_rodata(t, "from_syscalls", &sys, sizeof(sys));
}

#define EV struct tcpaccept_event
static const struct record_column columns[] = {
	COL_TIME("TIME", "%-9s", .when = &time_col),
	COL(EV, ts_us, "TIME(s)", "%-9.3f", .when = &timestamp, .scale = 1e6, .since_first = true),
	COL(EV, pid, "PID", "%-7u "),
	COL(EV, comm, "COMM", "%-12.12s "),
	COL(EV, t.family, "IP", "%-2s ", .name_of = inet_ip_name),
	COL_INET(EV, t.daddr, t.family, "RADDR", "%-16s "),
	COL(EV, t.dport, "RPORT", "%-5u "),
	COL_INET(EV, t.saddr, t.family, "LADDR", "%-16s "),
	COL(EV, t.lport, "LPORT", "%-5u"),
	{ 0 },
};

DECLARE_TOOL(tcpaccept, .category = "network", .summary = "Trace TCP accepts", .shape = TOOL_EVENTS,
	     .takes = TOOL_PID | TOOL_EVENT_OPTIONS | TOOL_CONTAINERS, .bound = options, TOOL_PROBES(probes),
	     .configure = configure, TOOL_COLUMNS(columns, struct tcpaccept_event),
	     .examples = "  tcpaccept           # trace all TCP accept()s\n"
			 "  tcpaccept -t        # include timestamps\n"
			 "  tcpaccept -P 80,81  # only trace port 80 and 81\n"
			 "  tcpaccept -p 181    # only trace PID 181\n"
			 "  tcpaccept --cgroupmap mappath  # only trace cgroups in this BPF map\n"
			 "  tcpaccept --mntnsmap mappath   # only trace mount namespaces in the map\n"
			 "  tcpaccept -4        # trace IPv4 family\n"
			 "  tcpaccept -6        # trace IPv6 family");
