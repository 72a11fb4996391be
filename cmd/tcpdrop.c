/* tcpdrop: TCP packets the kernel dropped, with the reason and the kernel
 * stack, as BCC's tcpdrop. */
#include "core/btfenum.h"
#include "core/inet.h"
#include "core/netfilter.h"
#include "core/stacks/stackfmt.h"
#include "core/stacks/symbols.h"
#include "core/tcptext.h"
#include "core/tool.h"
#include "probes/tcpdrop.skel.h"

#include "probes/tcpdrop.h"

enum { OPT_NETNS_ID = 0x100, OPT_PID_NETNS };
static struct net_filter nf;
static unsigned long netns_id;
static pid_t pid_netns;
static struct symbols *syms;

static const struct probe_spec probes[] = {
	{ "packet drop",
	  { { PM_TRACEPOINT, "kfree_skb_tp", "skb:kfree_skb" }, { PM_KPROBE, "tcp_drop_kprobe", "tcp_drop" } } },
};

static const struct tool_option options[] = {
	NET_FAMILY_OPTIONS(nf, "trace"),
	OPT_ULONG(OPT_NETNS_ID, "netns-id", "ID", &netns_id, 1, 0xffffffffUL, "the netns id to filter by"),
	OPT_PID(OPT_PID_NETNS, "pid-netns", "PID", "--pid-netns", &pid_netns, "the pid whose netns to filter by"),
	{ { 0 } },
};

static int configure(struct tracer *t)
{
	if (args_refuse(pid_netns && netns_id, "--pid-netns and --netns-id cannot be used together"))
		return -EINVAL;
	int err = pid_netns ? netns_of_pid(pid_netns, &netns_id) : 0;
	syms = err ? NULL : symbols_open(&(struct symbols_opts){ .offsets = true });
	return err ?: net_filter_configure(t, &nf) ?: tracer_set_rodata_uint(t, "targ_netns", netns_id);
}

static int end(struct tracer *t)
{
	symbols_close(syms);
	return 0;
}

static void state_flags(const struct record_column *c, const void *rec, size_t size)
{
	tcptext_state_flags(c, ((const struct drop_event *)rec)->state, ((const struct drop_event *)rec)->flags);
}

/* Reasons are numbered differently by each kernel: named by its BTF. */
static void reason(const struct record_column *c, const void *rec, size_t size)
{
	kernel_enum_col(c, "skb_drop_reason", "SKB_DROP_REASON_", ((const struct drop_event *)rec)->reason, "reason",
			"code");
}

/* BCC ends each stack with an empty line. */
static void kstack(const struct record_column *c, const void *rec, size_t size)
{
	const struct drop_event *e = rec;
	stackfmt_event_stack(syms, "Kernel", (const uint64_t *)e->kstack, e->nkstack, true, e->pid);
	if (output_mode != OUTPUT_JSON)
		putchar('\n');
}

static const struct record_column columns[] = {
	COL_TIME("TIME", "%-8s "),
	COL(struct drop_event, pid, "PID", "%-7u "),
	COL(struct drop_event, f.family, "IP", "%-2s ", .name_of = inet_ip_name),
	COL_INET_PORT(struct drop_event, f.saddr, f.sport, f.family, "SADDR:SPORT", "%-20s > ", "saddr", "sport"),
	COL_INET_PORT(struct drop_event, f.daddr, f.dport, f.family, "DADDR:DPORT", "%-20s ", "daddr", "dport"),
	COL_CALL("STATE (FLAGS)", "%-20s ", state_flags),
	COL_CALL("REASON (CODE)", "%s", reason),
	COL_CALL("KSTACK", "", kstack, .below = true),
	{ 0 },
};

DECLARE_TOOL(tcpdrop, .category = "network", .summary = "Trace TCP drops by the kernel", .shape = TOOL_EVENTS,
	     .takes = TOOL_EVENT_OPTIONS, .bound = options, TOOL_PROBES(probes), .configure = configure,
	     .end = end, .columns = columns, .event_size = sizeof(struct drop_event),
	     .examples = "  tcpdrop           # trace kernel TCP drops\n"
			 "  tcpdrop -4        # trace IPv4 family only\n"
			 "  tcpdrop -6        # trace IPv6 family only");
