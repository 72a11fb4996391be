/* tcpsynbl: the TCP SYN backlog (accept queue) as histograms per backlog
 * limit, as BCC's tcpsynbl. */
#include "core/netfilter.h"
#include "core/tool.h"
#include "probes/tcpsynbl.skel.h"

static struct net_filter nf;
static bool want4, want6;

/* kprobe as BCC's (6.1's trampolines refuse these functions, ENOTSUPP at
 * attach, after the choice is made), else the children's birth from
 * their listener (probes/tcpsynbl.bpf.c). */
#define SYN_RECV(fn, v, when_)                                                                            \
	{ fn, { { PM_KPROBE, v "_kprobe", fn }, { PM_TRACEPOINT, v "_tp", "sock:inet_sock_set_state" } }, \
	  .when = (when_) }
static const struct probe_spec probes[] = {
	SYN_RECV("tcp_v4_syn_recv_sock", "v4", &want4),
	SYN_RECV("tcp_v6_syn_recv_sock", "v6", &want6),
};

static const struct tool_option options[] = {
	OPT_FLAG('4', "ipv4", &nf.ipv4, "trace IPv4 family only"),
	OPT_FLAG('6', "ipv6", &nf.ipv6, "trace IPv6 family only"),
	{ { 0 } },
};

static int configure(struct tracer *t)
{
	want4 = !nf.ipv6, want6 = !nf.ipv4;
	return net_filter_configure(t, &nf);
}

static void header(void)
{
	record_status("Tracing SYN backlog size. Ctrl-C to end.");
}

DECLARE_TOOL(tcpsynbl, .category = "network", .summary = "Show TCP SYN backlog", .shape = TOOL_INTERVAL,
	     .takes = TOOL_JSON | TOOL_INTERVAL_COUNT | TOOL_TIMESTAMP, .bound = options, TOOL_PROBES(probes),
	     .configure = configure, .header = header,
	     .hist = { "hists", (const char *const[]){ "backlog_max" }, .val_type = "backlog" },
	     .examples = "  tcpsynbl              # trace syn backlog\n"
			 "  tcpsynbl 1 10         # print 1 second summaries, 10 times\n"
			 "  tcpsynbl -T 1         # 1s summaries with timestamps\n"
			 "  tcpsynbl -4           # trace IPv4 family only\n"
			 "  tcpsynbl -6           # trace IPv6 family only");
