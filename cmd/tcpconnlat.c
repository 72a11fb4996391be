/* tcpconnlat: TCP connection latency (connect() to the handshake's end),
 * as BCC's tcpconnlat. */
#include "core/log.h"
#include "core/netfilter.h"
#include "core/netnames.h"
#include "core/tool.h"
#include "probes/tcpconnlat.skel.h"

#include <stdlib.h>

#include "probes/tcpconnlat.h"

/* Without fentry and kprobes: the moves to and from SYN_SENT. */
static const struct probe_spec probes[] = {
	PROBE_FENTRY_TP("tcp_v4_connect", "tcp_v4_connect", "v4_start", "sock:inet_sock_set_state"),
	PROBE_FENTRY_TP("tcp_v6_connect", "tcp_v6_connect", "v6_start", "sock:inet_sock_set_state"),
	PROBE_FENTRY_TP("tcp_rcv_state_process", "tcp_rcv_state_process", "done", "sock:inet_sock_set_state"),
};

static struct net_filter nf;
static bool timestamp, lport;

static const struct tool_option options[] = {
	OPT_FLAG('t', "timestamp", &timestamp, "Include timestamp on output"),
	OPT_FLAG('L', "lport", &lport, "Include LPORT on output"),
	NET_FAMILY_OPTIONS(nf, "Trace"),
	{ { 0 } },
};

static unsigned long long min_us;

/* [duration_ms]: BCC's minimum, in milliseconds, fractions to the us. */
static error_t parse(int key, char *arg, struct argp_state *state)
{
	if (key != ARGP_KEY_ARG || state->arg_num)
		return ARGP_ERR_UNKNOWN;
	char *end;
	double ms = strtod(arg, &end);
	if (!*arg || *end || !(ms >= 0) || ms > 1e12) {
		log_err("invalid duration_ms '%s': expected a number of milliseconds (0.1: 100 us)", arg);
		return EINVAL;
	}
	min_us = (unsigned long long)(ms * 1000 + 0.5);
	return 0;
}

static int configure(struct tracer *t)
{
	return net_filter_configure(t, &nf) ?: tracer_set_rodata(t, "min_us", &min_us, sizeof(min_us));
}

#define EV struct tcpconnlat_event
static const struct record_column columns[] = {
	COL(EV, ts_us, "TIME(s)", "%-9.3f", .when = &timestamp, .scale = 1e6, .since_first = true),
	NET_CONNECT_COLUMNS(EV, &lport),
	COL(EV, t.dport, "DPORT", "%-5u "),
	COL(EV, delta_us, "LAT(ms)", "%.2f", .scale = 1e3),
	{ 0 },
};

DECLARE_TOOL(tcpconnlat, .category = "network", .summary = "Trace TCP connects and show connection latency",
	     .shape = TOOL_EVENTS, .takes = TOOL_PID | TOOL_EVENT_OPTIONS,
	     .bound = options, .parse = parse, .args_doc = "[duration_ms]", TOOL_PROBES(probes), .configure = configure,
	     TOOL_COLUMNS(columns, struct tcpconnlat_event),
	     .examples = "  tcpconnlat           # trace all TCP connect()s\n"
			 "  tcpconnlat 1         # trace connection latency slower than 1 ms\n"
			 "  tcpconnlat 0.1       # trace connection latency slower than 100 us\n"
			 "  tcpconnlat -t        # include timestamps\n"
			 "  tcpconnlat -p 181    # only trace PID 181\n"
			 "  tcpconnlat -L        # include LPORT while printing outputs\n"
			 "  tcpconnlat -4        # trace IPv4 family only\n"
			 "  tcpconnlat -6        # trace IPv6 family only");
