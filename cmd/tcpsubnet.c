/* tcpsubnet: TCP bytes sent per destination subnet every interval, as
 * BCC's tcpsubnet. */
#include "core/inet.h"
#include "core/tool.h"
#include "probes/tcpsubnet.skel.h"

#include <bpf/bpf.h>
#include <string.h>
#include <time.h>

#include "probes/tcpsubnet.h"

static const struct probe_spec probes[] = {
	PROBE_FENTRY_TP("tcp_sendmsg", "tcp_sendmsg", "send", "sock:sock_send_length"),
};

static const char *format = "B", *subnets[TCPSUBNET_MAX];
static char list[1024] = "127.0.0.1/32,10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,0.0.0.0/0";
static int n;

static const struct tool_option options[] = {
	OPT_STRING('f', "format", "FORMAT", &format,
		   "[bkmBKM] format to report: bits, Kbits, Mbits, bytes, KBytes, MBytes (default B)"),
	OPT_SET('J', NULL, (int *)&output_mode, OUTPUT_JSON, "format output in JSON (as -j)"),
	{ { 0 } },
};

/* [subnets]: a comma-separated list, BCC's default without. */
static error_t parse(int key, char *arg, struct argp_state *state)
{
	bool ok = key == ARGP_KEY_ARG && !state->arg_num && snprintf(list, sizeof(list), "%s", arg) < (int)sizeof(list);
	return ok ? 0 : ARGP_ERR_UNKNOWN;
}

static int configure(struct tracer *t)
{
	struct tcpsubnet_bpf *s = t->skel;
	if (strlen(format) != 1 || !strchr("bkmBKM", *format))
		return log_err("invalid format '%s': expected one of b k m B K M", format), -EINVAL;
	n = inet_subnet_list(list, subnets, s->rodata->net_addrs, s->rodata->net_masks, TCPSUBNET_MAX);
	return n < 0 ? n : (s->rodata->nnets = n, 0);
}

static void header(void)
{
	record_status("Tracing... Output every %lu secs. Hit Ctrl-C to end", tool_args.interval_ms / 1000);
}

/* BCC's: the biggest first (ties: the later subnet), only those sent to,
 * under the date and time as the locale writes them. */
static int interval(struct tracer *t, bool last)
{
	int fd = bpf_map__fd(((struct tcpsubnet_bpf *)t->skel)->maps.sent), o[TCPSUBNET_MAX];
	uint64_t v[TCPSUBNET_MAX] = { 0 }, zero = 0;
	char when[64];
	time_t now = time(NULL);
	strftime(when, sizeof(when), output_mode == OUTPUT_JSON ? "\"date\": \"%x\", \"time\": \"%X\"" : "[%x %X]", localtime(&now));
	for (int i = 0; i < n; i++) {
		bpf_map_lookup_elem(fd, &i, &v[i]), bpf_map_update_elem(fd, &i, &zero, BPF_ANY);
		int j = i;
		for (; j > 0 && v[o[j - 1]] <= v[i]; j--)
			o[j] = o[j - 1];
		o[j] = i;
	}
	int bits = strchr("bkm", *format) ? 8 : 1, shift = strchr("kK", *format) ? 10 : strchr("mM", *format) ? 20 : 0;
	printf(output_mode == OUTPUT_JSON ? "{%s, \"entries\": {" : "%s\n", when);
	for (int k = 0, shown = 0; k < n; k++)
		if (v[o[k]])
			printf(output_mode == OUTPUT_JSON ? "%s\"%s\": %llu" : "%s%-21s %6llu\n", output_mode == OUTPUT_JSON && shown++ ? ", " : "",
			       subnets[o[k]], (unsigned long long)(v[o[k]] * bits >> shift));
	printf(output_mode == OUTPUT_JSON ? "}}\n" : "");
	return fflush(stdout) == EOF ? -errno : 0;
}

DECLARE_TOOL(tcpsubnet, .category = "network", .summary = "Summarize TCP send and aggregate by subnet",
	     .shape = TOOL_INTERVAL, .takes = TOOL_JSON | TOOL_INTERVAL_OPTION, .interval_ms = 1000,
	     .help = { .json = "format output in JSON" }, .bound = options, .parse = parse, .args_doc = "[subnets]",
	     TOOL_PROBES(probes), .configure = configure, .header = header, .interval = interval,
	     .examples = "  tcpsubnet                 # Trace TCP sent to the default subnets: 127.0.0.1/32,\n"
			 "                            # 10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,0.0.0.0/0\n"
			 "  tcpsubnet -f K            # ... aggregated in KBytes.\n"
			 "  tcpsubnet 10.80.0.0/24    # Trace TCP sent to 10.80.0.0/24 only\n"
			 "  tcpsubnet -J              # Format the output in JSON.");
