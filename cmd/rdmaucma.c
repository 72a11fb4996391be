/* rdmaucma: RDMA connection manager events of user space ids, as BCC's. */
#include "core/tcptext.h"
#include "core/tool.h"
#include "probes/rdmaucma.skel.h"

#include <sys/socket.h>
#include <unistd.h>

#include "probes/rdmaucma.h"

static bool debug;

static const struct tool_option options[] = {
	OPT_FLAG('D', "debug", &debug, "print BPF program before starting (for debugging purposes)"),
	{ { 0 } },
};

static const struct probe_spec probes[] = {
	PROBE_FENTRY("ucma_event_handler", "ucma_event_handler", "ucma"),
};

/* include/rdma/rdma_cm.h's events, BCC's words. */
static const char *event_name(int event)
{
	static const char *const names[] = { "address resolved", "address error", "route resolved ",
					     "route error", "connect request", "connect response",
					     "connect error", "unreachable", "rejected", "established",
					     "disconnected", "device removal", "multicast join",
					     "multicast error", "address change", "timewait exit" };
	return event >= 0 && event < (int)(sizeof(names) / sizeof(names[0])) ? names[event] : "unknown event";
}

static const char *family_name(int family)
{
	return family == AF_INET ? "IPv4" : "IPv6";
}

/* Without the rdma_ucm module there is nothing to trace: said in one line,
 * not as the probe chain's failure. */
static int configure(struct tracer *t)
{
	(void)t;
	if (access("/sys/module/rdma_ucm", F_OK))
		return log_err("RDMA is absent: the rdma_ucm module is not loaded (modprobe rdma_ucm), so no "
			       "ucma_event_handler() to trace"), -EOPNOTSUPP;
	/* Its structures are read by CO-RE against the module's BTF. */
	if (access("/sys/kernel/btf/rdma_cm", F_OK))
		return log_err("this kernel has no BTF for the rdma_cm module (/sys/kernel/btf/rdma_cm: module BTF came "
			       "in Linux 5.11)"), -EOPNOTSUPP;
	return 0;
}

/* -D: BCC prints its C; bpfkit the loaded instructions, then traces. */
static int started(struct tracer *t)
{
	return debug ? tracer_dump_programs(t, stderr), 0 : 0;
}

#define EV struct rdma_event
static const struct record_column columns[] = {
	COL_TIME("Timestamp", "%-9s "),
	COL(EV, event, "Event", "%-16s ", .name_of = event_name),
	COL(EV, family, "Family", "%-6s ", .name_of = family_name, .hfmt = "%-4s "),
	COL_INET_PORT(EV, saddr, sport, family, "Local", "%-45s ", "local", "lport"),
	COL_INET_PORT(EV, daddr, dport, family, "Remote", "%-45s", "remote", "rport"),
	{ 0 },
};

DECLARE_TOOL(rdmaucma, .category = "network", .summary = "Trace RDMA Userspace Connection Manager Access Event",
	     .shape = TOOL_EVENTS, .takes = TOOL_EVENT_OPTIONS, TOOL_PROBES(probes), .configure = configure,
	     .started = started, .bound = options,
	     .status = "Tracing RDMA Userspace Connection Manager Access event... Hit Ctrl-C to end.",
	     .columns = columns, .event_size = sizeof(struct rdma_event),
	     .examples = "  rdmaucma            # Trace all RDMA Userspace Connection Manager Access Event");
