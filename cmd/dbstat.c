/* dbstat: MySQL and PostgreSQL query latency as a log2 histogram, as BCC's
 * dbstat, at the server's USDT probes. */
#include "cmd/dbtool.h"
#include "core/output.h"
#include "histo/histo.h"
#include "probes/dbquery.skel.h"
#include "probes/lib/hist.h"

#include <bpf/bpf.h>
#include <errno.h>
#include <string.h>

static bool micros;

static const struct tool_option options[] = {
	DBTOOL_VERBOSE_OPTION,
	DBTOOL_EXE_OPTION,
	OPT_ULONG('m', "threshold", "THRESHOLD", &dbtool.threshold_ms, 0, 1000000000,
		  "trace queries slower than this threshold (ms)"),
	OPT_FLAG('u', "microseconds", &micros, "display query latencies in microseconds (default: milliseconds)"),
	OPT_SECONDS('i', "interval", "INTERVAL", &tool_args.interval_ms, "print summary at this interval (seconds)"),
	{ { 0 } },
};

static const struct argp_option pid_option[] = { DBTOOL_PID_OPTION, { 0 } };

static int configure(struct tracer *t)
{
	struct dbquery_bpf *s = t->skel;
	s->rodata->dist = true;
	s->rodata->dist_unit_ns = micros ? 1000 : 1000000;
	s->rodata->threshold_ns = dbtool.threshold_ms * 1000000ULL;
	return 0;
}

/* BCC's summary: the time, the histogram, a blank line; with -j one
 * object with the time in it. */
static int summary(struct tracer *t, bool last)
{
	(void)last;
	struct dbquery_bpf *s = t->skel;
	int fd = bpf_map__fd(s->maps.hists);
	__u32 key = 0;
	struct hist h = { 0 };
	if (bpf_map_lookup_elem(fd, &key, &h) && errno != ENOENT) {
		log_err("cannot read the histogram: %s", strerror(errno));
		return -errno;
	}
	bpf_map_delete_elem(fd, &key);
	const char *unit = micros ? "query latency (us)" : "query latency (ms)";
	char hms[16];
	output_hms(hms);
	if (output_mode == OUTPUT_JSON) {
		histo_json_log2(stdout, (const uint64_t *)h.slots, HIST_SLOTS, unit, NULL, NULL, hms);
	} else {
		printf("[%s]\n", hms);
		histo_print_log2(stdout, (const uint64_t *)h.slots, HIST_SLOTS, unit, false);
		printf("\n");
	}
	fflush(stdout);
	return 0;
}

DECLARE_DB_TOOL(dbstat, .summary = "Display a histogram of MySQL and PostgreSQL query latencies",
		.shape = TOOL_INTERVAL, .takes = TOOL_JSON, .bound = options, .options = pid_option,
		.parse = dbtool_parse, .args_doc = "{mysql,postgres}", .configure = configure,
		.header = dbtool_status, .interval = summary,
		.help = { .json = "Print the histogram as JSON, one object per summary",
			  .after = "-p traces those processes and those they fork (PostgreSQL's backends); "
				   "without it, every process of the server binary. -x is a bpfkit addition." },
		.examples = "  dbstat postgres          # PostgreSQL query latency, in milliseconds\n"
			    "  dbstat postgres -u       # the same in microseconds\n"
			    "  dbstat mysql -m 5        # MySQL queries taking 5 ms or more only\n"
			    "  dbstat postgres -i 10    # a histogram every 10 seconds\n"
			    "  dbstat mysql -p 408 -v   # PID 408 only, printing the BPF programs first\n"
			    "  dbstat mysql -x /usr/sbin/mariadbd  # no USDT probes in it: uprobes");
