/* tcplife: TCP sessions as they close, with bytes and duration, as BCC's. */
#include "core/log.h"
#include "core/netfilter.h"
#include "core/netnames.h"
#include "core/tool.h"
#include "probes/tcplife.skel.h"

#include <errno.h>

#include "probes/tcplife.h"

NET_SESSION_TOOL(ns)

#define EV struct tcplife_event
static const struct record_column columns[] = {
	NET_SESSION_TIME_COLUMNS(EV, ns),
	COL(EV, pid, "PID", "%-5u "),
	NET_SESSION_COMM_COLUMNS(EV, ns, "COMM"),
	NET_SESSION_ADDR_COLUMNS(EV, ns),
	COL(EV, tx_b, "TX_KB", "%5u ", .when = &ns.narrow, .scale = 1024),
	COL(EV, rx_b, "RX_KB", "%5u ", .when = &ns.narrow, .scale = 1024),
	COL(EV, tx_b, "TX_KB", "%6u ", .when = &ns.wide, .scale = 1024),
	COL(EV, rx_b, "RX_KB", "%6u ", .when = &ns.wide, .scale = 1024),
	COL(EV, span_us, "MS", "%.2f", .scale = 1e3),
	{ 0 },
};

DECLARE_TOOL(tcplife, .category = "network", .summary = "Trace the lifespan of TCP sessions and summarize",
	     .shape = TOOL_EVENTS, .takes = TOOL_PID | TOOL_EVENT_OPTIONS, NET_SESSION_FIELDS(ns),
	     TOOL_COLUMNS(columns, struct tcplife_event),
	     .examples = "  tcplife           # trace all TCP connect()s\n"
			 "  tcplife -T        # include time column (HH:MM:SS)\n"
			 "  tcplife -w        # wider columns (fit IPv6)\n"
			 "  tcplife -stT      # csv output, with times & timestamps\n"
			 "  tcplife -p 181    # only trace PID 181\n"
			 "  tcplife -L 80     # only trace local port 80\n"
			 "  tcplife -L 80,81  # only trace local ports 80 and 81\n"
			 "  tcplife -D 80     # only trace remote port 80\n"
			 "  tcplife -4        # only trace IPv4 family\n"
			 "  tcplife -6        # only trace IPv6 family");
