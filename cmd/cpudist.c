/* cpudist: on-CPU (or off-CPU) time per scheduling, as BCC's cpudist. */
#include "core/args.h"
#include "core/histmap.h"
#include "core/log.h"
#include "core/loop.h"
#include "core/output.h"
#include "core/tool.h"
#include "core/tracer.h"
#include "probes/cpudist.skel.h"

#include <stdio.h>
#include <string.h>

static const struct probe_spec probes[] = {
	{ "sched_switch",
	  { { PM_TP_BTF, "switch_btf", "sched_switch" }, { PM_RAW_TP, "switch_raw", "sched_switch" } } },
};

enum { KEY_NONE, KEY_PID, KEY_TID };

static struct opts {
	bool offcpu, timestamp, millis, idle, extension, json;
	int key_by;
	pid_t pid;
	struct args_interval iv;
} o;

static const struct argp_option options[] = {
	{ "offcpu", 'O', NULL, 0, "Measure off-CPU time", 0 },
	{ "timestamp", 'T', NULL, 0, "Include timestamp on output", 0 },
	{ "milliseconds", 'm', NULL, 0, "Millisecond histogram", 0 },
	{ "pids", 'P', NULL, 0, "Print a histogram per process ID", 0 },
	{ "tids", 'L', NULL, 0, "Print a histogram per thread ID", 0 },
	{ "pid", 'p', "PID", 0, "Trace this PID only", 0 },
	{ "include-idle", 'I', NULL, 0, "Include CPU idle time", 0 },
	{ "extension", 'e', NULL, 0, "Show extension summary (average/total/count)", 0 },
	{ "json", 'j', NULL, 0, "Print histograms as JSON, one object per line", 0 },
	{ 0 },
};

static error_t parse(int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case 'O': o.offcpu = true; return 0;
	case 'T': o.timestamp = true; return 0;
	case 'm': o.millis = true; return 0;
	case 'P': o.key_by = KEY_PID; return 0;
	case 'L': o.key_by = KEY_TID; return 0;
	case 'I': o.idle = true; return 0;
	case 'e': o.extension = true; return 0;
	case 'j': o.json = true; return 0;
	case 'p': return -args_pid(arg, "PID", &o.pid);
	case ARGP_KEY_ARG: return args_interval_count(&o.iv, arg);
	}
	return ARGP_ERR_UNKNOWN;
}

static const struct argp_child children[] = ARGS_CHILDREN;
static const struct argp argp = {
	options, parse, "[interval [count]]",
	"Summarize on- and off-CPU time per task as a histogram.\v"
	"Examples:\n"
	"  cpudist              # summarize on-CPU time as a histogram\n"
	"  cpudist -O           # summarize off-CPU time as a histogram\n"
	"  cpudist 1 10         # print 1 second summaries, 10 times\n"
	"  cpudist -mT 1        # 1s summaries, milliseconds, and timestamps\n"
	"  cpudist -P           # show each PID separately\n"
	"  cpudist -p 185       # trace PID 185 only\n"
	"  cpudist -I           # include CPU idle time\n"
	"  cpudist -e           # show extension summary (average/total/count)",
	children,
};

/* BCC names a section "PID COMM" from /proc/PID/comm, newline included, so
 * a blank line follows each section header; the comm here is the task's at
 * the time, which also names processes that have exited. */
static void label_text(uint32_t key, const char comm[16], char *buf, size_t len)
{
	snprintf(buf, len, "%u %.16s\n", key, comm);
}

static void label_json(uint32_t key, const char comm[16], char *buf, size_t len)
{
	snprintf(buf, len, "%u %.16s", key, comm);
}

static int summary(void *ctx, bool last)
{
	struct tracer *tr = ctx;
	struct cpudist_bpf *skel = tr->skel;
	const char *unit = o.millis ? "msecs" : "usecs";
	static const char *const sections[] = { NULL, "pid", "tid" };
	struct histmap_print p = {
		.val_type = unit,
		.section = sections[o.key_by],
		.json = o.json,
		.label = o.json ? label_json : label_text,
	};
	if (!o.json) {
		char hms[16];
		printf("\n");
		if (o.timestamp)
			printf("%-8s\n", output_hms(hms));
	}
	int err = histmap_print_and_clear(bpf_map__fd(skel->maps.hists), &p, stdout);
	if (o.extension) {
		uint64_t total = __atomic_exchange_n(&skel->bss->ext_total, 0, __ATOMIC_RELAXED);
		uint64_t count = __atomic_exchange_n(&skel->bss->ext_count, 0, __ATOMIC_RELAXED);
		if (count && o.json)
			printf("{\"avg\":%llu,\"total\":%llu,\"count\":%llu,\"unit\":\"%s\"}\n",
			       (unsigned long long)(total / count), (unsigned long long)total,
			       (unsigned long long)count, unit);
		else if (count)
			printf("\navg = %llu %s, total: %llu %s, count: %llu\n\n", (unsigned long long)(total / count),
			       unit, (unsigned long long)total, unit, (unsigned long long)count);
	}
	fflush(stdout);
	return err;
}

static int cpudist_main(int argc, char **argv)
{
	if (args_parse(&argp, argc, argv, NULL))
		return 2;
	struct cpudist_bpf *skel = TRACER_OPEN(cpudist);
	if (!skel)
		return 1;
	skel->rodata->targ_tgid = o.pid;
	skel->rodata->key_by = o.key_by;
	skel->rodata->millis = o.millis;
	skel->rodata->offcpu = o.offcpu;
	skel->rodata->include_idle = o.idle;

	struct tracer tr = TRACER_INIT(skel, probes);
	int err = tracer_start(&tr);
	if (!err) {
		/* With -j stdout holds only JSON: the status goes to stderr. */
		fprintf(o.json ? stderr : stdout, "Tracing %s-CPU time... Hit Ctrl-C to end.\n",
			o.offcpu ? "off" : "on");
		fflush(stdout);
		struct loop l = {
			.interval_ms = o.iv.interval_ms, .count = o.iv.count, .summary = summary, .ctx = &tr,
		};
		err = loop_run(&l);
	}
	tracer_destroy(&tr);
	return err < 0 ? 1 : 0;
}

BPFKIT_TOOL(cpudist, .name = "cpudist", .category = "scheduler",
	    .summary = "Summarize on- and off-CPU time per task as a histogram", .main = cpudist_main);
