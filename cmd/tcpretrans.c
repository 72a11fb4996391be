/* tcpretrans: TCP retransmits with their flow and state, or counted per
 * flow (-c), as BCC's tcpretrans. */
#include "core/histmap.h"
#include "core/inet.h"
#include "core/netfilter.h"
#include "core/tcptext.h"
#include "core/tool.h"
#include "probes/tcpretrans.skel.h"

#include <bpf/bpf.h>
#include <stdlib.h>
#include <sys/socket.h>

#include "probes/tcpretrans.h"

static struct net_filter nf;
static bool sequence, lossprobe, count, started;
static bool plain_rows, seq_rows; /* the STATE (and SEQ) columns of -s or not, without -c */

static const struct probe_spec probes[] = {
	{ "tcp_retransmit_skb",
	  { { PM_TRACEPOINT, "retrans_tp", "tcp:tcp_retransmit_skb" }, { PM_KPROBE, "retrans_kprobe", "tcp_retransmit_skb" } } },
	PROBE_FENTRY("tail loss probe", "tcp_send_loss_probe", "tlp", .when = &lossprobe),
};

static const struct tool_option options[] = {
	OPT_FLAG('s', "sequence", &sequence, "display TCP sequence numbers"),
	OPT_FLAG('l', "lossprobe", &lossprobe, "include tail loss probe attempts"),
	OPT_FLAG('c', "count", &count, "count occurred retransmits per flow", .rodata = "count_only"),
	NET_FAMILY_OPTIONS(nf, "trace"),
	{ { 0 } },
};

static int configure(struct tracer *t)
{
	plain_rows = !count && !sequence;
	seq_rows = !count && sequence;
	return net_filter_configure(t, &nf);
}

static int began(struct tracer *t)
{
	started = true;
	return 0;
}

static void header(void)
{
	if (count)
		record_status("Tracing retransmits ... Hit Ctrl-C to end");
}

struct flow_count {
	struct tcp_flow f;
	unsigned long long n;
};

static int by_count(const void *a, const void *b)
{
	const struct flow_count *x = a, *y = b;
	return (x->n > y->n) - (x->n < y->n);
}

/* -c: BCC's table at Ctrl-C, fewest retransmits first. */
static int end(struct tracer *t)
{
	if (!count || !started)
		return 0;
	struct flow_count *v;
	int got = histmap_read_sorted(bpf_map__fd(((struct tcpretrans_bpf *)t->skel)->maps.counts), sizeof(v->f),
				      sizeof(*v), offsetof(struct flow_count, n), false, by_count, (void **)&v);
	if (got < 0)
		return got;
	size_t n = (size_t)got;
	if (output_mode != OUTPUT_JSON)
		printf("\n%-25s %-25s %-10s\n", "LADDR:LPORT", "RADDR:RPORT", "RETRANSMITS");
	for (size_t i = 0; i < n; i++) {
		char l[INET_TEXT + 8], r[INET_TEXT + 8];
		const struct tcp_flow *f = &v[i].f;
		if (output_mode == OUTPUT_JSON) {
			rec_str("laddr", NULL, inet_text(f->family, f->saddr, l, sizeof(l)));
			rec_u64("lport", NULL, f->sport);
			rec_str("raddr", NULL, inet_text(f->family, f->daddr, r, sizeof(r)));
			rec_u64("rport", NULL, f->dport);
			rec_u64("retransmits", NULL, v[i].n);
		} else {
			rec_str("laddr", "%-25s ", tcptext_join(f->family, f->saddr, f->sport, l, sizeof(l)));
			rec_str("raddr", "%-25s ", tcptext_join(f->family, f->daddr, f->dport, r, sizeof(r)));
			rec_u64("retransmits", "%-10llu", v[i].n);
		}
		rec_end();
	}
	free(v);
	fflush(stdout);
	return 0;
}

static void type(const struct record_column *c, const void *rec, size_t size)
{
	rec_col_str(c, ((const struct retrans_event *)rec)->type == TCPRETRANS_TLP ? "L" : "R");
}

static const struct record_column columns[] = {
	COL_TIME("TIME", "%-8s ", .unless = &count),
	COL(struct retrans_event, pid, "PID", "%-7u ", .unless = &count),
	COL(struct retrans_event, f.family, "IP", "%-2s ", .unless = &count, .name_of = inet_ip_name),
	COL_INET_PORT(struct retrans_event, f.saddr, f.sport, f.family, "LADDR:LPORT", "%-20s ", "laddr", "lport",
		      .unless = &count),
	COL_CALL("T", "%1s> ", type, .key = "type", .unless = &count),
	COL_INET_PORT(struct retrans_event, f.daddr, f.dport, f.family, "RADDR:RPORT", "%-20s", "raddr", "rport",
		      .unless = &count),
	COL(struct retrans_event, state, "STATE", " %s", .hfmt = " %-4s", .name_of = tcp_state_name, .when = &plain_rows),
	COL(struct retrans_event, state, "STATE", " %-12s", .name_of = tcp_state_name, .when = &seq_rows),
	COL(struct retrans_event, seq, "SEQ", " %u", .hfmt = " %-10s", .when = &seq_rows),
	{ 0 },
};

DECLARE_TOOL(tcpretrans, .category = "network", .summary = "Trace TCP retransmits", .shape = TOOL_EVENTS,
	     .takes = TOOL_EVENT_OPTIONS, .bound = options, TOOL_PROBES(probes), .configure = configure,
	     .started = began, .header = header, .end = end, .columns = columns,
	     .event_size = sizeof(struct retrans_event),
	     .examples = "  tcpretrans           # trace TCP retransmits\n"
			 "  tcpretrans -l        # include TLP attempts\n"
			 "  tcpretrans -c        # count retransmits per flow, shown at Ctrl-C\n"
			 "  tcpretrans -4        # trace IPv4 family only\n"
			 "  tcpretrans -6        # trace IPv6 family only");
