/* tcptop: TCP throughput by process and flow every interval, as BCC's
 * tcptop. */
#include "core/histmap.h"
#include "core/inet.h"
#include "core/netfilter.h"
#include "core/tcptext.h"
#include "core/tool.h"
#include "probes/tcptop.skel.h"

#include <bpf/bpf.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "probes/tcptop.h"

static struct net_filter nf;
static bool noclear, nosummary;

static const struct probe_spec probes[] = {
	PROBE_FENTRY_TP("tcp_sendmsg", "tcp_sendmsg", "send", "sock:sock_send_length"),
	PROBE_FENTRY_TP("tcp_cleanup_rbuf", "tcp_cleanup_rbuf", "recv", "sock:sock_recv_length"),
};

static const struct tool_option options[] = {
	OPT_FLAG('C', "noclear", &noclear, "don't clear the screen"),
	OPT_FLAG('S', "nosummary", &nosummary, "skip system summary line"),
	NET_FAMILY_OPTIONS(nf, "trace"),
	{ { 0 } },
};

static int configure(struct tracer *t)
{
	return net_filter_configure(t, &nf);
}

struct flow {
	struct top_key k;
	struct top_bytes b;
};

static int by_bytes(const void *a, const void *b)
{
	const struct flow *x = a, *y = b;
	unsigned long long sx = x->b.sent + x->b.received, sy = y->b.sent + y->b.received;
	return (sx < sy) - (sx > sy);
}

static void print_family(const struct flow *v, size_t n, int family, const char *hdr, int w)
{
	bool any = false;
	for (size_t i = 0; i < n; i++) {
		const struct flow *f = &v[i];
		if (f->k.f.family != family)
			continue;
		if (!any && output_mode != OUTPUT_JSON)
			printf(hdr, "PID", "COMM", family == AF_INET ? "LADDR" : "LADDR6",
			       family == AF_INET ? "RADDR" : "RADDR6", "RX_KB", "TX_KB");
		any = true;
		char l[INET_TEXT + 8], r[INET_TEXT + 8];
		if (output_mode == OUTPUT_JSON) {
			char hms[16];
			rec_str("time", NULL, output_hms(hms));
			rec_u64("pid", NULL, f->k.pid);
			rec_strn("comm", NULL, f->k.comm, sizeof(f->k.comm));
			rec_str("laddr", NULL, inet_text(family, f->k.f.saddr, l, sizeof(l)));
			rec_u64("lport", NULL, f->k.f.sport);
			rec_str("raddr", NULL, inet_text(family, f->k.f.daddr, r, sizeof(r)));
			rec_u64("rport", NULL, f->k.f.dport);
			rec_u64("rx_kb", NULL, f->b.received / 1024);
			rec_u64("tx_kb", NULL, f->b.sent / 1024);
			rec_u64("rx_bytes", NULL, f->b.received);
			rec_u64("tx_bytes", NULL, f->b.sent);
			rec_end();
			continue;
		}
		printf("%-6u %-12.12s %-*s %-*s %6llu %6llu\n", f->k.pid, f->k.comm, w,
		       tcptext_join(family, f->k.f.saddr, f->k.f.sport, l, sizeof(l)), w,
		       tcptext_join(family, f->k.f.daddr, f->k.f.dport, r, sizeof(r)),
		       (unsigned long long)f->b.received / 1024, (unsigned long long)f->b.sent / 1024);
	}
}

/* BCC reads and clears the maps key by key too: bytes counted between the
 * read and the delete of a key are lost, as there. */
static int interval(struct tracer *t, bool final)
{
	struct flow *v;
	int n = histmap_read_sorted(bpf_map__fd(((struct tcptop_bpf *)t->skel)->maps.flows), sizeof(v->k), sizeof(*v),
				    offsetof(struct flow, b), true, by_bytes, (void **)&v);
	if (n < 0)
		return n;
	if (output_mode != OUTPUT_JSON) {
		fputs(noclear ? "\n" : "\033[H\033[J", stdout);
		char load[128] = "", hms[16];
		FILE *f = nosummary ? NULL : fopen("/proc/loadavg", "r");
		if (f) {
			if (fgets(load, sizeof(load), f))
				printf("%-8s loadavg: %s\n", output_hms(hms), load);
			fclose(f);
		}
	}
	print_family(v, (size_t)n, AF_INET, "%-6s %-12s %-21s %-21s %6s %6s\n", 21);
	print_family(v, (size_t)n, AF_INET6, "\n%-6s %-12s %-32s %-32s %6s %6s\n", 32);
	free(v);
	fflush(stdout);
	return 0;
}

DECLARE_TOOL(tcptop, .category = "network", .summary = "Summarize TCP send/recv throughput by host",
	     .shape = TOOL_INTERVAL, .takes = TOOL_PID | TOOL_JSON | TOOL_INTERVAL_COUNT | TOOL_CONTAINERS,
	     .help = { .pid = "trace this PID only", .json = "One JSON object per flow and interval" },
	     .bound = options, TOOL_PROBES(probes), .configure = configure, .header = tool_interval_status,
	     .interval = interval, .interval_ms = 1000,
	     .examples = "  tcptop           # trace TCP send/recv by host\n"
			 "  tcptop -C        # don't clear the screen\n"
			 "  tcptop -p 181    # only trace PID 181\n"
			 "  tcptop --cgroupmap mappath  # only trace cgroups in this BPF map\n"
			 "  tcptop --mntnsmap mappath   # only trace mount namespaces in the map\n"
			 "  tcptop -4        # trace IPv4 family only\n"
			 "  tcptop -6        # trace IPv6 family only");
