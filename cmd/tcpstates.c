/* tcpstates: TCP state changes with the time spent in each state, as BCC's. */
#include "core/inet.h"
#include "core/log.h"
#include "core/netfilter.h"
#include "core/netnames.h"
#include "core/tool.h"
#include "probes/tcpstates.skel.h"

#include <errno.h>
#include <syslog.h>

#include "probes/tcpstates.h"

static bool journal;

NET_SESSION_TOOL(ns, OPT_FLAG('Y', "journal", &journal, "Log session state changes to the systemd journal"))

#define EV struct tcpstates_event
static const struct record_column columns[] = {
	NET_SESSION_TIME_COLUMNS(EV, ns),
	COL(EV, skaddr, "SKADDR", "%-16x "),
	COL(EV, pid, "C-PID", "%-5u "),
	NET_SESSION_COMM_COLUMNS(EV, ns, "C-COMM"),
	NET_SESSION_ADDR_COLUMNS(EV, ns),
	COL(EV, oldstate, "OLDSTATE", "%-11s -> ", .name_of = tcp_state_name),
	COL(EV, newstate, "NEWSTATE", "%-11s ", .name_of = tcp_state_name),
	COL(EV, span_us, "MS", "%.3f", .scale = 1e3),
	{ 0 },
};

/* -Y: BCC's journal message, by syslog(3) (journald reads /dev/log). */
static int event(const void *data, size_t size)
{
	const struct tcpstates_event *e = data;
	record_row(columns, data, size);
	if (!journal)
		return 0;
	char l[INET_TEXT], r[INET_TEXT];
	static bool opened;
	if (!opened)
		openlog("tcpstates", 0, LOG_USER), opened = true;
	syslog(LOG_NOTICE, "%.16s %s %u \u2192 %s %u %s \u2192 %s", e->comm, inet_text(e->t.family, e->t.saddr, l, sizeof(l)),
	       e->t.lport, inet_text(e->t.family, e->t.daddr, r, sizeof(r)), e->t.dport,
	       tcp_state_name(e->oldstate) ?: "?", tcp_state_name(e->newstate) ?: "?");
	return 0;
}

DECLARE_TOOL(tcpstates, .category = "network", .summary = "Trace TCP session state changes and durations",
	     .shape = TOOL_EVENTS, .takes = TOOL_EVENT_OPTIONS, NET_SESSION_FIELDS(ns),
	     .event = event, TOOL_COLUMNS(columns, struct tcpstates_event),
	     .examples = "  tcpstates           # trace all TCP state changes\n"
			 "  tcpstates -t        # include timestamp column\n"
			 "  tcpstates -T        # include time column (HH:MM:SS)\n"
			 "  tcpstates -w        # wider columns (fit IPv6)\n"
			 "  tcpstates -stT      # csv output, with times & timestamps\n"
			 "  tcpstates -Y        # log events to the systemd journal\n"
			 "  tcpstates -L 80     # only trace local port 80\n"
			 "  tcpstates -L 80,81  # only trace local ports 80 and 81\n"
			 "  tcpstates -D 80     # only trace remote port 80\n"
			 "  tcpstates -4        # trace IPv4 family only\n"
			 "  tcpstates -6        # trace IPv6 family only");
