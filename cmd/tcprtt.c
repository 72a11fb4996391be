/* tcprtt: TCP smoothed RTT as log2 histograms, for all sockets or per
 * local or remote address, as BCC's tcprtt. */
#include "core/inet.h"
#include "core/tool.h"
#include "probes/tcprtt.skel.h"

#include <arpa/inet.h>
#include <bpf/bpf.h>
#include <string.h>
#include <sys/socket.h>

#include "probes/tcprtt.h"

static unsigned long lport, rport;
static const char *laddr, *raddr;
static bool extension, ipv4, ipv6;
static int lat_fd = -1;

static const struct probe_spec probes[] = {
	PROBE_FENTRY_TP("tcp_rcv_established", "tcp_rcv_established", "rcv", "tcp:tcp_probe"),
};

static const struct tool_option options[] = {
	OPT_ULONG('p', "lport", "LPORT", &lport, 1, 65535, "filter for local port", .rodata = "targ_lport"),
	OPT_ULONG('P', "rport", "RPORT", &rport, 1, 65535, "filter for remote port", .rodata = "targ_rport"),
	OPT_STRING('a', "laddr", "LADDR", &laddr, "filter for local address"),
	OPT_STRING('A', "raddr", "RADDR", &raddr, "filter for remote address"),
	OPT_SET('b', "byladdr", &tool_args.key_by, TCPRTT_LOCAL, "show sockets histogram by local address"),
	OPT_SET('B', "byraddr", &tool_args.key_by, TCPRTT_REMOTE, "show sockets histogram by remote address"),
	OPT_FLAG('e', "extension", &extension, "show extension summary(average)", .rodata = "extension"),
	OPT_FLAG('4', "ipv4", &ipv4, "trace IPv4 family only"),
	OPT_FLAG('6', "ipv6", &ipv6, "trace IPv6 family only"),
	{ { 0 } },
};

/* An address option into its rodata, IPv4 as IPv4-mapped IPv6. */
static int set_addr(struct tracer *t, const char *arg, const char *what, const char *var, const char *flag)
{
	unsigned char a[16] = { [10] = 0xff, [11] = 0xff };
	if (!arg)
		return 0;
	if (inet_pton(AF_INET, arg, a + 12) != 1 && inet_pton(AF_INET6, arg, a) != 1) {
		log_err("invalid %s '%s': expected an IPv4 or IPv6 address", what, arg);
		return -EINVAL;
	}
	return tracer_set_rodata(t, var, a, sizeof(a)) ?: tracer_set_rodata_uint(t, flag, 1);
}

static int configure(struct tracer *t)
{
	if (ipv4 && ipv6) {
		log_err("-4 and -6 cannot be used together");
		return -EINVAL;
	}
	return set_addr(t, laddr, "-a LADDR", "targ_laddr", "filter_laddr") ?:
	       set_addr(t, raddr, "-A RADDR", "targ_raddr", "filter_raddr") ?:
	       tracer_set_rodata_uint(t, "targ_family", ipv4 ? AF_INET : ipv6 ? AF_INET6 : 0) ?:
	       tracer_set_rodata_uint(t, "key_by", tool_args.key_by) ?:
	       tracer_set_rodata_uint(t, "millis", tool_args.millis);
}

static int began(struct tracer *t)
{
	lat_fd = bpf_map__fd(bpf_object__find_map_by_name(t->obj, "latency"));
	return 0;
}

/* BCC's "All Addresses = *******", an address, and -e's " [AVG n]". */
static void label(uint32_t key, const char comm[16], char *buf, size_t len)
{
	char a[INET_TEXT];
	struct rtt_total lat;
	int n = snprintf(buf, len, "%s", key ? inet_text(AF_INET6, comm, a, sizeof(a)) : "*******");
	if (extension && !bpf_map_lookup_elem(lat_fd, &key, &lat) && lat.count && n > 0 && (size_t)n < len)
		snprintf(buf + n, len - n, " [AVG %llu]", (unsigned long long)(lat.total / lat.count));
}

static int interval(struct tracer *t, bool last)
{
	int err = tool_print_hists(t);
	uint32_t key;
	while (!bpf_map_get_next_key(lat_fd, NULL, &key))
		bpf_map_delete_elem(lat_fd, &key);
	return err;
}

DECLARE_TOOL(tcprtt, .category = "network", .summary = "Summarize TCP RTT as a histogram", .shape = TOOL_INTERVAL,
	     .takes = TOOL_JSON | TOOL_INTERVAL_OPTION | TOOL_DURATION | TOOL_TIMESTAMP | TOOL_MILLIS,
	     .help = { .duration = "total duration of trace, seconds" }, .bound = options, TOOL_PROBES(probes),
	     .configure = configure, .started = began, .status = "Tracing TCP RTT... Hit Ctrl-C to end.", .interval = interval,
	     .hist = { "hists", (const char *const[]){ "All Addresses", "Local Address", "Remote Addres" }, label },
	     .examples = "  tcprtt            # summarize TCP RTT\n"
			 "  tcprtt -i 1 -d 10 # print 1 second summaries, 10 times\n"
			 "  tcprtt -m -T      # summarize in millisecond, and timestamps\n"
			 "  tcprtt -p 22      # filter for local port\n"
			 "  tcprtt -P 80      # filter for remote port\n"
			 "  tcprtt -a 10.0.0.1  # filter for local address\n"
			 "  tcprtt -A 10.0.0.2  # filter for remote address\n"
			 "  tcprtt -b         # show sockets histogram by local address\n"
			 "  tcprtt -B         # show sockets histogram by remote address\n"
			 "  tcprtt -e         # show extension summary(average)\n"
			 "  tcprtt -4         # trace only IPv4 family\n"
			 "  tcprtt -6         # trace only IPv6 family");
