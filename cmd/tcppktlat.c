/* tcppktlat: per packet, the time from a TCP segment's arrival to its read
 * by the application, as libbpf-tools' tcppktlat. */
#include "core/tool.h"
#include "probes/tcppktlat.skel.h"

#include "probes/tcppktlat.h"

static const struct probe_spec probes[] = {
	PROBE_BTF_RAW("tcp_probe", "probe"),
	PROBE_BTF_RAW("tcp_rcv_space_adjust", "adjust"),
	PROBE_BTF_RAW("tcp_destroy_sock", "destroy"),
};

static unsigned long lport, rport, min_us;
static bool timestamp, wide, narrow;

static const struct tool_option options[] = {
	OPT_FLAG('T', "timestamp", &timestamp, "include timestamp on output"),
	OPT_ULONG('l', "lport", "LPORT", &lport, 1, 65535, "filter for local port", .rodata = "targ_lport"),
	OPT_ULONG('r', "rport", "RPORT", &rport, 1, 65535, "filter for remote port", .rodata = "targ_rport"),
	OPT_FLAG('w', "wide", &wide, "Wide column output (fits IPv6 addresses)"),
	{ { 0 } },
};

static error_t parse(int key, char *arg, struct argp_state *state)
{
	if (key != ARGP_KEY_ARG || state->arg_num)
		return ARGP_ERR_UNKNOWN;
	return -args_ulong(arg, "min_us", 1, ~0UL >> 1, &min_us);
}

static int configure(struct tracer *t)
{
	narrow = !wide;
	return tracer_set_rodata_uint(t, "targ_min_us", min_us);
}

#define EV struct tcppktlat_event
static const struct record_column columns[] = {
	COL_TIME("TIME(s)", "%-8s ", .when = &timestamp),
	COL(EV, pid, "PID", "%-7u "),
	COL(EV, tid, "TID", "%-7u "),
	COL(EV, comm, "COMM", "%-16s "),
	COL_INET(EV, t.saddr, t.family, "LADDR", "%-15s ", .when = &narrow),
	COL_INET(EV, t.saddr, t.family, "LADDR", "%-26s ", .when = &wide),
	COL(EV, t.lport, "LPORT", "%-5u "),
	COL_INET(EV, t.daddr, t.family, "RADDR", "%-15s ", .when = &narrow),
	COL_INET(EV, t.daddr, t.family, "RADDR", "%-26s ", .when = &wide),
	COL(EV, t.dport, "RPORT", "%-5u "),
	COL(EV, delta_us, "MS", "%.2f", .scale = 1e3),
	{ 0 },
};

DECLARE_TOOL(tcppktlat, .category = "network",
	     .summary = "Trace latency between TCP received pkt and picked up by userspace thread",
	     .shape = TOOL_EVENTS, .takes = TOOL_PID | TOOL_TID | TOOL_EVENT_OPTIONS,
	     .help = { .pid = "Process PID to trace", .tid = "Thread TID to trace" }, .bound = options, .parse = parse,
	     .args_doc = "[min_us]", TOOL_PROBES(probes), .configure = configure, .columns = columns,
	     .event_size = sizeof(struct tcppktlat_event),
	     .examples = "  tcppktlat             # Trace all TCP packet picked up latency\n"
			 "  tcppktlat -T          # summarize with timestamps\n"
			 "  tcppktlat -p 1216     # filter for pid\n"
			 "  tcppktlat -t 1216     # filter for tid\n"
			 "  tcppktlat -l 80       # filter for local port\n"
			 "  tcppktlat -r 80       # filter for remote port\n"
			 "  tcppktlat 1000        # filter for latency higher than 1000us");
