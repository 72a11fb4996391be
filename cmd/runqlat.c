/* runqlat: run queue (scheduler) latency as a histogram, as BCC's runqlat. */
#include "core/args.h"
#include "core/histmap.h"
#include "core/log.h"
#include "core/loop.h"
#include "core/output.h"
#include "core/tool.h"
#include "core/tracer.h"
#include "probes/runqlat.skel.h"

#include <stdio.h>
#include <string.h>

static const struct probe_spec probes[] = {
	PROBE_BTF_RAW("sched_wakeup", "wakeup"),
	PROBE_BTF_RAW("sched_wakeup_new", "wakeup_new"),
	PROBE_BTF_RAW("sched_switch", "switch"),
};

enum { KEY_NONE, KEY_PID, KEY_TID, KEY_PIDNS, KEY_CPU };
enum { OPT_PIDNSS = 0x100, OPT_CPUS };

static struct opts {
	bool timestamp, millis, json;
	int key_by;
	pid_t pid;
	struct args_interval iv;
} o;

static const struct argp_option options[] = {
	{ "timestamp", 'T', NULL, 0, "Include timestamp on output", 0 },
	{ "milliseconds", 'm', NULL, 0, "Millisecond histogram", 0 },
	{ "pids", 'P', NULL, 0, "Print a histogram per process ID", 0 },
	{ "pidnss", OPT_PIDNSS, NULL, 0, "Print a histogram per PID namespace", 0 },
	{ "cpus", OPT_CPUS, NULL, 0, "Print a histogram per CPU (the one the task ran on)", 0 },
	{ "tids", 'L', NULL, 0, "Print a histogram per thread ID", 0 },
	{ "pid", 'p', "PID", 0, "Trace this PID only", 0 },
	{ "json", 'j', NULL, 0, "Print histograms as JSON, one object per line", 0 },
	{ 0 },
};

static error_t parse(int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case 'T': o.timestamp = true; return 0;
	case 'm': o.millis = true; return 0;
	case 'j': o.json = true; return 0;
	case 'P': o.key_by = KEY_PID; return 0;
	case 'L': o.key_by = KEY_TID; return 0;
	case OPT_PIDNSS: o.key_by = KEY_PIDNS; return 0;
	case OPT_CPUS: o.key_by = KEY_CPU; return 0;
	case 'p': return -args_pid(arg, "PID", &o.pid);
	case ARGP_KEY_ARG: return args_interval_count(&o.iv, arg);
	}
	return ARGP_ERR_UNKNOWN;
}

static const struct argp_child children[] = ARGS_CHILDREN;
static const struct argp argp = {
	options, parse, "[interval [count]]",
	"Summarize run queue (CPU scheduler) latency as a histogram.\v"
	"Examples:\n"
	"  runqlat            # summarize run queue latency as a histogram\n"
	"  runqlat 1 10       # print 1 second summaries, 10 times\n"
	"  runqlat -mT 1      # 1s summaries, milliseconds, and timestamps\n"
	"  runqlat -P         # show each PID separately\n"
	"  runqlat -p 185     # trace PID 185 only\n"
	"  runqlat -j 1 5     # five 1 second summaries as JSON lines",
	children,
};

static int summary(void *ctx, bool last)
{
	struct tracer *tr = ctx;
	static const char *const sections[] = { NULL, "pid", "tid", "pidns", "cpu" };
	struct histmap_print p = {
		.val_type = o.millis ? "msecs" : "usecs",
		.section = sections[o.key_by],
		.json = o.json,
	};
	if (!o.json) {
		char hms[16];
		printf("\n");
		if (o.timestamp)
			printf("%-8s\n", output_hms(hms));
	}
	struct runqlat_bpf *skel = tr->skel;
	return histmap_print_and_clear(bpf_map__fd(skel->maps.hists), &p, stdout);
}

static int runqlat_main(int argc, char **argv)
{
	if (args_parse(&argp, argc, argv, NULL))
		return 2;

	struct runqlat_bpf *skel = TRACER_OPEN(runqlat);
	if (!skel)
		return 1;
	skel->rodata->targ_tgid = o.pid;
	skel->rodata->key_by = o.key_by;
	skel->rodata->millis = o.millis;

	struct tracer tr = TRACER_INIT(skel, probes);
	int err = tracer_start(&tr);
	if (!err) {
		/* With -j stdout holds only JSON: the status goes to stderr. */
		fprintf(o.json ? stderr : stdout, "Tracing run queue latency... Hit Ctrl-C to end.\n");
		fflush(stdout);
		struct loop l = {
			.interval_ms = o.iv.interval_ms, .count = o.iv.count, .summary = summary, .ctx = &tr,
		};
		err = loop_run(&l);
	}
	tracer_destroy(&tr);
	return err < 0 ? 1 : 0;
}

BPFKIT_TOOL(runqlat, .name = "runqlat", .category = "scheduler",
	    .summary = "Summarize run queue (scheduler) latency as a histogram", .main = runqlat_main);
