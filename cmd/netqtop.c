/* netqtop: packets per queue of a NIC, by size, every interval, as BCC's. */
#include "core/histmap.h"
#include "core/tool.h"
#include "probes/netqtop.skel.h"

#include <bpf/libbpf.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <net/if.h>
#include <sys/stat.h>
#include <time.h>

#include "probes/netqtop.h"

static const struct probe_spec probes[] = {
	PROBE_BTF_RAW("net_dev_start_xmit", "xmit"),
	PROBE_BTF_RAW("netif_receive_skb", "receive"),
};

static const char *nic;
static bool throughput;
static unsigned nqueues[2]; /* TX, RX: the NIC's, from sysfs */
static struct timespec since;

static const struct tool_option options[] = {
	OPT_STRING('n', "name", "NIC", &nic, "The network interface to trace (required)"),
	OPT_FLAG('t', "throughput", &throughput, "Also show BPS and PPS (bytes and packets per second)"),
	{ { 0 } },
};

/* The NIC's queues, as BCC counts them: rx-N and tx-N in sysfs. */
static int configure(struct tracer *t)
{
	char path[64];
	struct stat st;
	if (!nic || !*nic)
		return log_err("Please specify a network interface with -n NIC"), -EINVAL;
	if (strlen(nic) >= IFNAMSIZ)
		return log_err("NIC name too long: '%s'", nic), -EINVAL;
	snprintf(path, sizeof(path), "/sys/class/net/%s/queues", nic);
	DIR *d = opendir(path);
	if (!d)
		return log_err("Net interface %s does not exist", nic), -ENODEV;
	for (struct dirent *e; (e = readdir(d));)
		nqueues[0] += !strncmp(e->d_name, "tx-", 3), nqueues[1] += !strncmp(e->d_name, "rx-", 3);
	closedir(d);
	if (nqueues[0] > NETQ_MAX_QUEUES || nqueues[1] > NETQ_MAX_QUEUES)
		return log_err("number of queues over %d is not supported", NETQ_MAX_QUEUES), -EINVAL;
	if (stat("/proc/self/ns/net", &st))
		return log_err("cannot read /proc/self/ns/net: %s", strerror(errno)), -errno;
	return tracer_set_rodata_uint(t, "targ_ifindex", if_nametoindex(nic)) ?:
	       tracer_set_rodata_uint(t, "targ_netns", st.st_ino);
}


/* A value: with -j the number; else BCC's to_str() under Python 3, counts
 * over 1000 in K and over 10^6 in M (of 1024s) rounded to 2 places, and
 * averages and rates as floats ("88.0", "0.0"). */
static void val(const char *key, double v, bool real)
{
	if (output_mode == OUTPUT_JSON)
		return real ? rec_f64(key, NULL, v) : rec_u64(key, NULL, (unsigned long long)v);
	char buf[32];
	const char *unit = v > 1e6 ? "M" : v > 1000 ? "K" : "";
	v /= *unit == 'M' ? 1048576.0 : *unit ? 1024.0 : 1;
	int n = snprintf(buf, 24, real || *unit ? "%.2f" : "%.0f", v);
	while ((real || *unit) && buf[n - 1] == '0' && buf[n - 2] != '.')
		buf[--n] = 0;
	printf("%s%-*s", buf, 11 - n, unit);
}

struct row {
	struct netq_key k;
	struct netq_val v;
};

/* A queue's line of direction dir (q < 0: the Total), from the rows read. */
static void line(const struct row *r, int n, int dir, int q, double secs)
{
	static const char *const keys[] = { "size_0_64", "size_64_512", "size_512_2k", "size_2k_16k", "size_16k_64k" };
	struct netq_val s = { 0 };
	for (int i = 0; i < n; i++)
		for (int c = 0; c < NETQ_SIZES && r[i].k.dir == dir && (q < 0 || r[i].k.queue == q); c++)
			s.sizes[c] += r[i].v.sizes[c], s.bytes += c ? 0 : r[i].v.bytes, s.packets += c ? 0 : r[i].v.packets;
	char hms[16];
	rec_str("time", NULL, output_hms(hms)), rec_str("direction", NULL, dir ? "rx" : "tx");
	if (q < 0)
		rec_none("queue", " %-11s", "Total");
	else
		rec_u64("queue", " %-11llu", q);
	rec_u64("bytes", NULL, s.bytes), rec_u64("packets", NULL, s.packets);
	val("avg_size", s.packets ? (double)s.bytes / s.packets : 0, s.packets);
	for (int c = 0; c < NETQ_SIZES; c++)
		val(keys[c], s.sizes[c], false);
	if (throughput)
		val("bps", s.bytes / secs, true), val("pps", s.packets / secs, true);
	rec_end();
}

/* BCC's tables, TX then RX, read and cleared; the rates over the interval
 * (the last, cut short by Ctrl-C, over its own length). */
static int interval(struct tracer *t, bool last)
{
	static const char *const heads[] = { "QueueID", "avg_size", "[0, 64)", "[64, 512)", "[512, 2K)",
					     "[2K, 16K)", "[16K, 64K)", "BPS", "PPS" };
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	double secs = last ? now.tv_sec - since.tv_sec + (now.tv_nsec - since.tv_nsec) / 1e9 : tool_args.interval_ms / 1e3;
	since = now;
	struct row *r;
	int n = histmap_read(bpf_map__fd(((struct netqtop_bpf *)t->skel)->maps.queues), sizeof(r->k), sizeof(*r),
			     offsetof(struct row, v), true, (void **)&r);
	if (n < 0)
		return n;
	time_t wall = time(NULL);
	if (output_mode != OUTPUT_JSON)
		printf("%s", asctime(localtime(&wall)));
	for (int dir = 0; dir < 2; dir++) {
		if (output_mode != OUTPUT_JSON) {
			printf("%s%s\n ", dir ? "\nRX" : "", dir ? "" : "TX");
			for (int h = 0; h < (throughput ? 9 : 7); h++)
				printf("%-11s", heads[h]);
			printf("\n");
		}
		for (int q = 0; q < (int)nqueues[dir]; q++)
			line(r, n, dir, q, secs);
		line(r, n, dir, -1, secs);
	}
	if (output_mode != OUTPUT_JSON)
		printf("%.*s\n", throughput ? 95 : 77, "-----------------------------------------------------------------------------------------------");
	free(r);
	fflush(stdout);
	return 0;
}

static int started(struct tracer *t)
{
	(void)t;
	return clock_gettime(CLOCK_MONOTONIC, &since), 0;
}

DECLARE_TOOL(netqtop, .category = "network", .summary = "Summarize the packets on each queue of a network interface",
	     .help = { .json = "One JSON object per queue and direction every interval (exact numbers)" },
	     .shape = TOOL_INTERVAL, .takes = TOOL_JSON | TOOL_INTERVAL_OPTION, .interval_ms = 1000,
	     .bound = options, TOOL_PROBES(probes), .configure = configure, .started = started, .interval = interval,
	     .examples = "  netqtop -n lo          # queues of lo, every second\n"
			 "  netqtop -n eth0 -i 3   # every 3 seconds\n"
			 "  netqtop -n eth0 -t     # with bytes and packets per second");
