/* biolatpcts: latency percentiles of one block device's I/O by operation,
 * as BCC's biolatpcts. */
#include "core/disks.h"
#include "core/signals.h"
#include "core/tool.h"
#include "probes/biolatpcts.skel.h"

#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "probes/biolatpcts.h"

static const struct probe_spec probes[] = { PROBE_BTF_RAW("block_rq_complete", "rq_complete") };

#define MAX_PCTS 32
#define MSEC 1000.0
#define SEC (1000 * 1000.0)

static struct {
	const char *dev;
	long interval;
	int which;
	char pcts_buf[256], *pcts[MAX_PCTS];
	double pctv[MAX_PCTS];
	int npcts;
} o = { .interval = 3 };

static volatile sig_atomic_t usr1, usr2;
static uint64_t last[3][BIOLATPCTS_SLOTS];
static const char *const io_type[] = { "read", "write", "discard", "flush" };
static const char *const whiches[] = { "on-device", "after-rq-alloc", "from-rq-alloc" };

static const struct argp_option options[] = {
	{ "interval", 'i', "INTERVAL", 0, "Report interval (0: exit after startup, -1: infinite) (default: 3)", 0 },
	{ "which", 'w', "WHICH", 0, "Which latency to measure: from-rq-alloc, after-rq-alloc or on-device (default: on-device)", 0 },
	{ "pcts", 'p', "PCT,...", 0, "Percentiles to calculate (default: 1,5,10,16,25,50,75,84,90,95,99,100)", 0 },
	{ 0 },
};

static int by_value(const void *a, const void *b)
{
	double x = strtod(*(char *const *)a, NULL), y = strtod(*(char *const *)b, NULL);
	return x < y ? -1 : x > y;
}

static int parse_pcts(const char *arg)
{
	snprintf(o.pcts_buf, sizeof(o.pcts_buf), "%s", arg);
	o.npcts = 0;
	for (char *save, *p = strtok_r(o.pcts_buf, ",", &save); p; p = strtok_r(NULL, ",", &save)) {
		char *end;
		double v = strtod(p, &end);
		if (end == p || *end || v < 0 || v > 100 || o.npcts == MAX_PCTS) {
			log_err("invalid percentile '%s': expected numbers from 0 to 100, at most %d", p, MAX_PCTS);
			return EINVAL;
		}
		o.pcts[o.npcts++] = p;
	}
	if (!o.npcts) {
		log_err("invalid percentiles '%s'", arg);
		return EINVAL;
	}
	qsort(o.pcts, o.npcts, sizeof(o.pcts[0]), by_value); /* BCC sorts them */
	for (int i = 0; i < o.npcts; i++)
		o.pctv[i] = strtod(o.pcts[i], NULL);
	return 0;
}

static error_t parse(int key, char *arg, struct argp_state *state)
{
	char *end;
	switch (key) {
	case 'i':
		o.interval = strtol(arg, &end, 10);
		if (end == arg || *end || o.interval < -1 || o.interval > 100000000) {
			log_err("invalid interval '%s': expected seconds, 0 or -1", arg);
			return EINVAL;
		}
		return 0;
	case 'w':
		for (o.which = 0; o.which < 3; o.which++)
			if (!strcmp(arg, whiches[o.which]))
				return 0;
		log_err("invalid latency '%s': expected from-rq-alloc, after-rq-alloc or on-device", arg);
		return EINVAL;
	case 'p': return parse_pcts(arg);
	case ARGP_KEY_ARG:
		if (o.dev) {
			log_err("unexpected argument '%s'", arg);
			return EINVAL;
		}
		o.dev = arg;
		return 0;
	case ARGP_KEY_END:
		if (!o.dev) {
			log_err("a device is needed: DEV (/dev/DEVNAME, DEVNAME or MAJ:MIN)");
			return EINVAL;
		}
		return o.npcts ? 0 : parse_pcts("1,5,10,16,25,50,75,84,90,95,99,100");
	}
	return ARGP_ERR_UNKNOWN;
}

/* DEV as BCC takes it: MAJ:MIN, a path, or a name under /dev. */
static int resolve_dev(uint32_t *dev)
{
	unsigned major, minor;
	char c;
	if (sscanf(o.dev, "%u:%u%c", &major, &minor, &c) == 2) {
		*dev = DISK_MKDEV(major, minor);
		return 0;
	}
	struct stat st;
	if (strchr(o.dev + (strncmp(o.dev, "/dev/", 5) ? 0 : 5), '/')) {
		if (stat(o.dev, &st) || !S_ISBLK(st.st_mode)) {
			log_err("no such block device '%s'", o.dev);
			return -ENODEV;
		}
		*dev = DISK_MKDEV(major(st.st_rdev), minor(st.st_rdev));
		return 0;
	}
	return disk_option(o.dev, dev);
}

static void on_usr(int sig)
{
	if (sig == SIGUSR1)
		usr1 = 1;
	else
		usr2 = 1;
}

static void on_hup(int sig)
{
	loop_exiting = LOOP_STOP;
}

static int configure(struct tracer *t)
{
	struct biolatpcts_bpf *skel = t->skel;
	skel->rodata->which = o.which;
	tool_args.interval_ms = o.interval > 0 ? o.interval * 1000 : 0;
	struct sigaction sa = { .sa_handler = on_usr };
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGUSR2, &sa, NULL);
	sa.sa_handler = on_hup;
	sigaction(SIGHUP, &sa, NULL);
	return resolve_dev((uint32_t *)&skel->rodata->targ_dev);
}

/* The slots from the highest down until the share counted reaches
 * 100 - req percent (BCC's find_pct). */
static void find_pct(double req, uint64_t total, const uint64_t *slots, int *idx, uint64_t *counted)
{
	while (*idx > 0) {
		--*idx;
		if (slots[*idx] > 0) {
			*counted += slots[*idx];
			if ((double)*counted / total * 100 >= 100 - req)
				break;
		}
	}
}

/* Each percentile's latency in us, the middle of its slot, from the
 * coarsest slots that resolve it (BCC's calc_lat_pct). */
static void calc_lat_pct(uint64_t total, const uint64_t *const slots[3], double *out)
{
	static const double gran[3] = { 100 * MSEC, MSEC, 10 };
	int sel = 0, idx = 100;
	uint64_t counted = 0;
	for (int p = o.npcts - 1; p >= 0; p--) {
		out[p] = 0;
		if (!total)
			continue;
		for (;;) {
			uint64_t last_counted = counted;
			find_pct(o.pctv[p], total, slots[sel], &idx, &counted);
			if (idx > 0 || sel == 2)
				break;
			counted = last_counted;
			sel++;
			idx = 100;
		}
		out[p] = gran[sel] * idx + gran[sel] / 2;
	}
}

static const char *format_usec(double lat, char *buf, size_t len)
{
	if (lat > SEC)
		snprintf(buf, len, "%.1fs", lat / SEC);
	else if (lat > 10 * MSEC)
		snprintf(buf, len, "%.0fms", lat / MSEC);
	else if (lat > MSEC)
		snprintf(buf, len, "%.1fms", lat / MSEC);
	else if (lat > 0)
		snprintf(buf, len, "%.0fus", lat);
	else
		snprintf(buf, len, "-");
	return buf;
}

/* A float as Python's json.dumps writes it: the shortest digits that read
 * back as the same double, and ".0" on a whole number. */
static const char *py_float(double v, char *buf, size_t len)
{
	for (int prec = 1; prec <= 17; prec++) {
		snprintf(buf, len, "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	if (!strpbrk(buf, ".en"))
		strncat(buf, ".0", len - strlen(buf) - 1);
	return buf;
}

static void report(struct tracer *t, bool update)
{
	struct biolatpcts_bpf *skel = t->skel;
	const volatile __u64 *cur[3] = { skel->bss->rwdf_100ms, skel->bss->rwdf_1ms, skel->bss->rwdf_10us };
	static uint64_t delta[3][BIOLATPCTS_SLOTS];
	double lat[4][MAX_PCTS];
	char buf[64];
	for (int a = 0; a < 3; a++)
		for (int i = 0; i < BIOLATPCTS_SLOTS; i++) {
			uint64_t v = cur[a][i];
			delta[a][i] = v > last[a][i] ? v - last[a][i] : 0;
			if (update)
				last[a][i] = v;
		}
	for (int ty = 0; ty < 4; ty++) {
		uint64_t total = 0;
		for (int i = 0; i < 100; i++)
			total += delta[0][ty * 100 + i];
		const uint64_t *const slots[3] = { &delta[0][ty * 100], &delta[1][ty * 100], &delta[2][ty * 100] };
		calc_lat_pct(total, slots, lat[ty]);
	}
	if (output_mode == OUTPUT_JSON) {
		for (int ty = 0; ty < 4; ty++) {
			printf("%s\"%s\": {", ty ? ", " : "{", io_type[ty]);
			for (int p = 0; p < o.npcts; p++)
				printf("%s\"%s\": %s", p ? ", " : "", o.pcts[p], py_float(lat[ty][p] / SEC, buf, sizeof(buf)));
			printf("}");
		}
		printf("}\n");
	} else {
		char name[256];
		snprintf(name, sizeof(name), "%s", o.dev);
		printf("\n%-7s", basename(name));
		for (int p = 0; p < o.npcts; p++)
			printf(" %5s", o.pcts[p]);
		printf("\n");
		for (int ty = 0; ty < 4; ty++) {
			printf("%-7s", io_type[ty]);
			for (int p = 0; p < o.npcts; p++) {
				int w = strlen(o.pcts[p]) > 5 ? (int)strlen(o.pcts[p]) : 5;
				printf(" %*s", w, format_usec(lat[ty][p], buf, sizeof(buf)));
			}
			printf("\n");
		}
	}
	fflush(stdout);
}

/* -i -1 reports once at once: the caller then knows tracing began. */
static int started(struct tracer *t)
{
	if (o.interval == 0)
		loop_exiting = LOOP_STOP; /* -i 0: only whether it can run */
	else if (o.interval < 0)
		report(t, false);
	return 0;
}

/* SIGUSR1 reports and starts a new period, SIGUSR2 only reports. */
static void tick(struct tracer *t)
{
	if (!usr1 && !usr2)
		return;
	bool update = usr1;
	usr1 = usr2 = 0;
	report(t, update);
}

static int summary(struct tracer *t, bool last_one)
{
	if (o.interval != 0)
		report(t, o.interval > 0);
	return 0;
}

DECLARE_TOOL(biolatpcts, .category = "block", .summary = "Monitor IO latency distribution of a block device",
	     .shape = TOOL_INTERVAL, .takes = TOOL_JSON, .help = { .json = "Output in json" }, .options = options,
	     .parse = parse, .args_doc = "DEV", TOOL_PROBES(probes), .configure = configure, .started = started,
	     .interval = summary, .tick = tick, .tick_ms = 50,
	     .examples = "  biolatpcts /dev/nvme0n1            # percentiles every 3 seconds\n"
			 "  biolatpcts -i -1 sda               # report on SIGUSR1/SIGUSR2 and at exit\n"
			 "  biolatpcts -w after-rq-alloc 8:0   # from the request's creation\n"
			 "  biolatpcts -p 50,99,99.9 -j vda    # three percentiles as JSON");
