/* tcpconnect: active TCP connections (connect()), as BCC's tcpconnect. */
#include "core/netcount.h"
#include "core/netfilter.h"
#include "core/tcptext.h"
#include "core/tool.h"
#include "probes/tcpconnect.skel.h"

#include "probes/tcpconnect.h"

static bool timestamp, lport, print_uid, has_uid, count, dns;
static unsigned uid;
static int dns_fd = -1;

/* On kernels without kprobes and fentry: the move to SYN_SENT and the
 * connect() syscall's return (probes/tcpconnect.bpf.c). */
static const struct probe_spec probes[] = {
	PROBE_FENTRY_FEXIT_TP("tcp_v4_connect", "v4", "sock:inet_sock_set_state", "syscalls:sys_exit_connect"),
	PROBE_FENTRY_FEXIT_TP("tcp_v6_connect", "v6", "sock:inet_sock_set_state", "syscalls:sys_exit_connect"),
	/* -d: getaddrinfo() in libc. */
	PROBE_UPROBE_BOTH("getaddrinfo", NULL, .library = &(const char *){ "c" }, .pid = &tool_args.pid, .when = &dns),
};

static struct net_filter nf = { .dwhat = "port" };

static const struct tool_option options[] = {
	OPT_FLAG('t', "timestamp", &timestamp, "Include timestamp on output"),
	OPT_STRING('P', "port", "PORTS", &nf.dports, "Comma-separated list of destination ports to trace"),
	NET_FAMILY_OPTIONS(nf, "Trace"),
	OPT_FLAG('L', "lport", &lport, "Include LPORT on output"),
	OPT_FLAG('U', "print-uid", &print_uid, "Include UID on output"),
	OPT_UID('u', "uid", "UID", &uid, &has_uid, "Trace this UID only", .rodata = "targ_uid"),
	OPT_FLAG('c', "count", &count, "Count connects per src ip and dest ip/port", .rodata = "count_only"),
	OPT_FLAG('d', "dns", &dns, "Include likely DNS query associated with each connect"),
	{ { 0 } },
};

static int configure(struct tracer *t)
{
	if (args_refuse(count && dns, "-d (--dns) and -c (--count) cannot be used together, as in BCC"))
		return -EINVAL;
	return net_filter_configure(t, &nf);
}

static int began(struct tracer *t)
{
	dns_fd = bpf_map__fd(((struct tcpconnect_bpf *)t->skel)->maps.dns_names);
	return 0;
}

static void query(const struct record_column *c, const void *rec, size_t size)
{
	const struct tcpconnect_event *e = rec;
	char buf[DNS_NAME_LEN + 32];
	rec_col_str(c, tcptext_dns_query(dns_fd, e->t.family, e->t.daddr, e->ts_us, buf, sizeof(buf)));
}

/* Without -d, BCC ends each row with its (empty) QUERY after a space. */
#define EV struct tcpconnect_event
static const struct record_column columns[] = {
	COL(EV, ts_us, "TIME(s)", "%-9.3f", .when = &timestamp, .scale = 1e6, .since_first = true),
	COL(EV, uid, "UID", "%-6u", .when = &print_uid),
	NET_CONNECT_COLUMNS(EV, &lport),
	COL(EV, t.dport, "DPORT", "%-6u ", .hfmt = "%-6s"),
	COL_CALL("QUERY", "%s", query, .hfmt = " %s", .key = "query", .when = &dns),
	{ 0 },
};

DECLARE_TOOL(tcpconnect, .category = "network", .summary = "Trace TCP connects", .shape = TOOL_EVENTS,
	     .takes = TOOL_PID | TOOL_EVENT_OPTIONS | TOOL_CONTAINERS, .bound = options, TOOL_PROBES(probes),
	     .status = "Tracing connect ... Hit Ctrl-C to end", .counting = &count, .table = net_count_connects,
	     .configure = configure, .started = began, TOOL_COLUMNS(columns, struct tcpconnect_event),
	     .examples = "  tcpconnect           # trace all TCP connect()s\n"
			 "  tcpconnect -t        # include timestamps\n"
			 "  tcpconnect -d        # include DNS queries associated with connects\n"
			 "  tcpconnect -p 181    # only trace PID 181\n"
			 "  tcpconnect -P 80     # only trace port 80\n"
			 "  tcpconnect -P 80,81  # only trace port 80 and 81\n"
			 "  tcpconnect -4        # only trace IPv4 family\n"
			 "  tcpconnect -6        # only trace IPv6 family\n"
			 "  tcpconnect -U        # include UID\n"
			 "  tcpconnect -u 1000   # only trace UID 1000\n"
			 "  tcpconnect -c        # count connects per src ip and dest ip/port\n"
			 "  tcpconnect -L        # include LPORT while printing outputs\n"
			 "  tcpconnect --cgroupmap mappath  # only trace cgroups in this BPF map\n"
			 "  tcpconnect --mntnsmap mappath   # only trace mount namespaces in the map");
