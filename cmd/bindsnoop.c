/* bindsnoop: bind() calls on IPv4 and IPv6 sockets, as BCC's bindsnoop. */
#include "core/netcount.h"
#include "core/netfilter.h"
#include "core/netnames.h"
#include "core/tool.h"
#include "probes/bindsnoop.skel.h"

#include "probes/bindsnoop.h"

/* Without fentry and kprobes: bind()'s entry (its descriptor's socket) and return. */
static const struct probe_spec probes[] = {
	PROBE_FENTRY_FEXIT_TP("inet_bind", "bind4", "syscalls:sys_enter_bind", "syscalls:sys_exit_bind"),
	PROBE_FENTRY_FEXIT_TP("inet6_bind", "bind6", "syscalls:sys_enter_bind", "syscalls:sys_exit_bind"),
};

enum { OPT_COUNT = 0x400 }; /* --count: long only, as BCC's */
static struct net_filter nf = { .lwhat = "port" };
static bool timestamp, wide, narrow, errors, print_uid, has_uid, err_narrow, err_wide, count;
static unsigned uid;

static const struct tool_option options[] = {
	OPT_FLAG('t', "timestamp", &timestamp, "Include timestamp on output"),
	OPT_FLAG('w', "wide", &wide, "Wide column output (fits IPv6 addresses)"),
	OPT_STRING('P', "port", "PORTS", &nf.lports, "Comma-separated list of ports to trace"),
	OPT_FLAG('E', "errors", &errors, "Include errors in the output", .rodata = "errors"),
	OPT_FLAG('U', "print-uid", &print_uid, "Include UID on output"),
	OPT_UID('u', "uid", "UID", &uid, &has_uid, "Trace this UID only", .rodata = "targ_uid"),
	OPT_FLAG(OPT_COUNT, "count", &count, "Count binds per src ip and port", .rodata = "count_only"),
	{ { 0 } },
};

static int configure(struct tracer *t)
{
	narrow = !wide, err_narrow = errors && !wide, err_wide = errors && wide;
	return net_filter_configure(t, &nf);
}

#define EV struct bindsnoop_event
static const struct record_column columns[] = {
	COL(EV, ts_us, "TIME(s)", "%-9.6f ", .when = &timestamp, .scale = 1e6, .since_first = true),
	COL(EV, uid, "UID", "%6u ", .when = &print_uid),
	COL(EV, ret, "RC", "%3d ", .when = &err_narrow),
	COL(EV, ret, "RC", "%-25s ", .name_of = errno_text, .when = &err_wide),
	COL(EV, pid, "PID", "%8u ", .when = &narrow),
	COL(EV, pid, "PID", "%10u ", .when = &wide),
	COL(EV, comm, "COMM", "%-12.12s "),
	COL(EV, protocol, "PROT", "%-4.4s ", .name_of = inet_proto_name, .when = &narrow),
	COL(EV, protocol, "PROT", "%-4s ", .name_of = inet_proto_name, .when = &wide),
	COL_INET(EV, t.saddr, t.family, "ADDR", "%-15.15s ", .when = &narrow),
	COL_INET(EV, t.saddr, t.family, "ADDR", "%-39s ", .when = &wide),
	COL(EV, t.lport, "PORT", "%5u ", .hfmt = "%-5s "),
	COL(EV, opts, "OPTS", "%-5s ", .name_of = bind_opts_name, .hfmt = "%5s "),
	COL(EV, bound_dev_if, "IF", "%2u"),
	{ 0 },
};

DECLARE_TOOL(bindsnoop, .category = "network", .summary = "Trace TCP binds", .shape = TOOL_EVENTS,
	     .takes = TOOL_PID | TOOL_EVENT_OPTIONS | TOOL_CONTAINERS, .status = "Tracing binds ... Hit Ctrl-C to end",
	     .bound = options, TOOL_PROBES(probes), .configure = configure,
	     .counting = &count, .table = net_count_binds, TOOL_COLUMNS(columns, struct bindsnoop_event),
	     .examples = "  bindsnoop           # trace all TCP bind()s\n"
			 "  bindsnoop -t        # include timestamps\n"
			 "  bindsnoop -w        # wider columns (fit IPv6)\n"
			 "  bindsnoop -p 181    # only trace PID 181\n"
			 "  bindsnoop -P 80     # only trace port 80\n"
			 "  bindsnoop -P 80,81  # only trace port 80 and 81\n"
			 "  bindsnoop -U        # include UID\n"
			 "  bindsnoop -u 1000   # only trace UID 1000\n"
			 "  bindsnoop -E        # report bind errors\n"
			 "  bindsnoop --count   # count bind per src ip\n"
			 "  bindsnoop --cgroupmap mappath  # only trace cgroups in this BPF map\n"
			 "  bindsnoop --mntnsmap  mappath  # only trace mount namespaces in the map");
