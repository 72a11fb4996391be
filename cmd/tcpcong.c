/* tcpcong: time TCP flows spend in each congestion control state, per
 * flow or as histograms, as BCC's tcpcong. */
#include "core/metrics/sink.h"
#include "core/features.h"
#include "core/histmap.h"
#include "core/inet.h"
#include "core/tool.h"
#include "probes/tcpcong.skel.h"

#include <bpf/bpf.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include "probes/tcpcong.h"

static const char *lports, *rports;
static bool dist, micro, has_tp, no_tp, kprobe_entry;

#define CONG_FUNC(f)                                                                                  \
	{ f " return", { { PM_FEXIT, f "_fexit", f }, { PM_KRETPROBE, f "_kretprobe", f } }, .when = &no_tp }, \
	{ f " entry", { { PM_KPROBE, f "_kprobe", f } }, .when = &kprobe_entry }
static const struct probe_spec probes[] = {
	{ "tcp_cong_state_set", { { PM_TRACEPOINT, "cong_tp", "tcp:tcp_cong_state_set" } }, .when = &has_tp },
	CONG_FUNC("tcp_fastretrans_alert"), CONG_FUNC("tcp_enter_cwr"), CONG_FUNC("tcp_process_tlp_ack"),
	CONG_FUNC("tcp_enter_loss"), CONG_FUNC("tcp_enter_recovery"),
};

static const struct tool_option options[] = {
	OPT_STRING('L', "localport", "LOCALPORT", &lports, "trace local ports only"),
	OPT_STRING('R', "remoteport", "REMOTEPORT", &rports, "trace the dest ports only"),
	OPT_FLAG('d', "dist", &dist, "show distributions as histograms", .rodata = "dist"),
	OPT_FLAG('u', "microseconds", &micro, "output in microseconds", .rodata = "micro"),
	{ { 0 } },
};

/* BCC's PORT or LOW-HIGH (either order). */
static int port_range(struct tracer *t, const char *arg, const char *what, const char *lo, const char *hi)
{
	unsigned long a, b;
	char *end;
	if (!arg)
		return 0;
	a = strtoul(arg, &end, 10);
	b = *end == '-' ? strtoul(end + 1, &end, 10) : a;
	if (*end || !*arg || *arg == '-' || a > 65535 || b > 65535) {
		log_err("invalid %s '%s': expected a port or a range of ports, like 3000-3006", what, arg);
		return -EINVAL;
	}
	return tracer_set_rodata_uint(t, lo, a < b ? a : b) ?: tracer_set_rodata_uint(t, hi, a < b ? b : a);
}

static int configure(struct tracer *t)
{
	char path[512];
	struct stat st;
	const char *tfs = tracefs_path();
	snprintf(path, sizeof(path), "%s/events/tcp/tcp_cong_state_set", tfs ? tfs : "/sys/kernel/tracing");
	has_tp = tfs && !stat(path, &st);
	no_tp = !has_tp;
	kprobe_entry = no_tp && !feature_has(FEAT_FENTRY);
	tool_args.millis = !micro;
	return port_range(t, lports, "-L LOCALPORT", "lport_min", "lport_max") ?:
	       port_range(t, rports, "-R REMOTEPORT", "rport_min", "rport_max");
}

static void label(uint32_t key, const char comm[16], char *buf, size_t len)
{
	static const char *const names[] = { "open", "disorder", "cwr", "recovery", "loss" };
	snprintf(buf, len, "%s", key < CONG_STATES ? names[key] : "?");
}

struct flow {
	struct tcp_flow f;
	struct cong_val v;
};

static int by_lport(const void *a, const void *b)
{
	return (int)((const struct flow *)a)->f.sport - (int)((const struct flow *)b)->f.sport;
}

static void print_family(const struct flow *v, size_t n, int family)
{
	const char *u = micro ? "us" : "ms";
	bool any = false;
	for (size_t i = 0; i < n; i++)
		any |= v[i].f.family == family;
	if (any && output_mode != OUTPUT_JSON) {
		char h[5][16];
		snprintf(h[0], 16, "Open_%s", u), snprintf(h[1], 16, "Dod_%s", u), snprintf(h[2], 16, "Rcov_%s", u);
		snprintf(h[3], 16, "Cwr_%s", u), snprintf(h[4], 16, "Los_%s", u);
		/* BCC's v4 header has no space between its address columns. */
		printf(family == AF_INET ? "%-21s%-21s %-7s %-6s %-7s %-7s %-6s %-5s\n"
					 : "%-32s %-32s %-7s %-6s %-7s %-7s %-6s %-5s\n",
		       family == AF_INET ? "LAddrPort" : "LAddrPort6", family == AF_INET ? "RAddrPort" : "RAddrPort6",
		       h[0], h[1], h[2], h[3], h[4], "Chgs");
	}
	for (size_t i = 0; i < n; i++) {
		const struct flow *f = &v[i];
		if (f->f.family != family || !f->v.changes)
			continue;
		unsigned long long d[CONG_STATES];
		for (int s = 0; s < CONG_STATES; s++)
			d[s] = micro ? f->v.dura_us[s] : f->v.dura_us[s] / 1000;
		char a[INET_TEXT], b[INET_TEXT], l[INET_TEXT + 8], r[INET_TEXT + 8];
		inet_text(family, f->f.saddr, a, sizeof(a));
		inet_text(family, f->f.daddr, b, sizeof(b));
		if (output_mode == OUTPUT_JSON || metrics_sink_on) {
			static const char *const keys[2][5] = {
				{ "open_ms", "disorder_ms", "recovery_ms", "cwr_ms", "loss_ms" },
				{ "open_us", "disorder_us", "recovery_us", "cwr_us", "loss_us" },
			};
			char hms[16];
			rec_str("time", NULL, output_hms(hms));
			rec_str("laddr", NULL, a), rec_u64("lport", NULL, f->f.sport);
			rec_str("raddr", NULL, b), rec_u64("rport", NULL, f->f.dport);
			rec_u64(keys[micro][0], NULL, d[CONG_OPEN]), rec_u64(keys[micro][1], NULL, d[CONG_DISORDER]);
			rec_u64(keys[micro][2], NULL, d[CONG_RECOVERY]), rec_u64(keys[micro][3], NULL, d[CONG_CWR]);
			rec_u64(keys[micro][4], NULL, d[CONG_LOSS]), rec_u64("changes", NULL, f->v.changes);
			rec_end();
			continue;
		}
		snprintf(l, sizeof(l), "%s/%u", a, f->f.sport);
		snprintf(r, sizeof(r), "%s/%u", b, f->f.dport);
		printf(family == AF_INET ? "%-21s %-21s %-7llu %-6llu %-7llu %-7llu %-6llu %-5llu\n"
					 : "%-32s %-32s %-7llu %-7llu %-7llu %-6llu %-6llu %-5llu\n",
		       l, r, d[CONG_OPEN], d[CONG_DISORDER], d[CONG_RECOVERY], d[CONG_CWR], d[CONG_LOSS],
		       (unsigned long long)f->v.changes);
	}
}

/* As BCC: the flows' table is read, then emptied, each interval. */
static int interval(struct tracer *t, bool last)
{
	if (dist)
		return tool_print_hists(t);
	char hms[16];
	tool_interval_head(output_mode == OUTPUT_JSON || metrics_sink_on ? NULL : stdout, hms);
	struct flow *v;
	int n = histmap_read_sorted(bpf_map__fd(((struct tcpcong_bpf *)t->skel)->maps.flows), sizeof(v->f), sizeof(*v),
				    offsetof(struct flow, v), true, by_lport, (void **)&v);
	if (n < 0)
		return n;
	print_family(v, (size_t)n, AF_INET);
	print_family(v, (size_t)n, AF_INET6);
	free(v);
	fflush(stdout);
	return 0;
}

DECLARE_TOOL(tcpcong, .category = "network", .summary = "Summarize tcp socket congestion control status duration",
	     .shape = TOOL_INTERVAL, .takes = TOOL_JSON | TOOL_INTERVAL_COUNT | TOOL_TIMESTAMP, .bound = options,
	     TOOL_PROBES(probes), .configure = configure, .status = "Tracing tcp congestion control status duration... Hit Ctrl-C to end.", .interval = interval,
	     .hist = { "hists", (const char *const[]){ "tcp_congest_state" }, label },
	     TOOL_METRICS({ "open_us", "open_seconds_total", "Time flows spent in the open congestion state", 1e-6 },
			  { "open_ms", "open_seconds_total", "Time flows spent in the open congestion state", 1e-3 },
			  { "disorder_us", "disorder_seconds_total", "Time flows spent in the disorder congestion state", 1e-6 },
			  { "disorder_ms", "disorder_seconds_total", "Time flows spent in the disorder congestion state", 1e-3 },
			  { "recovery_us", "recovery_seconds_total", "Time flows spent in the recovery congestion state", 1e-6 },
			  { "recovery_ms", "recovery_seconds_total", "Time flows spent in the recovery congestion state", 1e-3 },
			  { "cwr_us", "cwr_seconds_total", "Time flows spent in the cwr congestion state", 1e-6 },
			  { "cwr_ms", "cwr_seconds_total", "Time flows spent in the cwr congestion state", 1e-3 },
			  { "loss_us", "loss_seconds_total", "Time flows spent in the loss congestion state", 1e-6 },
			  { "loss_ms", "loss_seconds_total", "Time flows spent in the loss congestion state", 1e-3 },
			  { "changes", "state_changes_total", "Congestion state changes of the flows" }),
	     .examples = "  tcpcong                 # show tcp congestion status duration\n"
			 "  tcpcong 1 10            # show 1 second summaries, 10 times\n"
			 "  tcpcong -L 3000-3006 1  # 1s summaries, local port 3000-3006\n"
			 "  tcpcong -R 5000-5005 1  # 1s summaries, remote port 5000-5005\n"
			 "  tcpcong -uT 1           # 1s summaries, microseconds, and timestamps\n"
			 "  tcpcong -d              # show the duration as histograms");
