/* pidpersec: new processes (and threads) per second, as BCC's pidpersec. */
#include "core/args.h"
#include "core/log.h"
#include "core/loop.h"
#include "core/output.h"
#include "core/record.h"
#include "core/tool.h"
#include "core/tracer.h"
#include "probes/pidpersec.skel.h"

#include <stdio.h>
#include <string.h>

static const struct probe_spec probes[] = {
	{ "sched_process_fork",
	  { { PM_TP_BTF, "fork_btf", "sched_process_fork" },
	    { PM_RAW_TP, "fork_raw", "sched_process_fork" },
	    { PM_TRACEPOINT, "fork_tp", "sched:sched_process_fork" } } },
};

static struct opts {
	pid_t pid;
	unsigned long duration_ms;
} o;

static const struct argp_option options[] = {
	{ "pid", 'p', "PID", 0, "Count only the tasks this process creates", 0 },
	{ "duration", 'd', "SECONDS", 0, "Trace for this many seconds, then exit", 0 },
	RECORD_JSON_OPTION,
	{ 0 },
};

static error_t parse(int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case 'j': record_json = true; return 0;
	case 'p': return -args_pid(arg, "PID", &o.pid);
	case 'd': return -args_seconds(arg, "duration", &o.duration_ms);
	case ARGP_KEY_ARG: log_err("unexpected argument '%s'", arg); return EINVAL;
	}
	return ARGP_ERR_UNKNOWN;
}

static const struct argp_child children[] = ARGS_CHILDREN;
static const struct argp argp = {
	options, parse, NULL,
	"Count new processes (via fork) per second.\v"
	"Examples:\n"
	"  pidpersec            # new tasks per second, system wide\n"
	"  pidpersec -p 181     # only those PID 181 creates",
	children,
};

static int summary(void *ctx, bool last)
{
	/* BCC prints only whole seconds: nothing for the part cut by Ctrl-C. */
	if (last)
		return 0;
	struct pidpersec_bpf *skel = ((struct tracer *)ctx)->skel;
	unsigned long long n = __atomic_exchange_n(&skel->bss->forks, 0, __ATOMIC_RELAXED);
	char hms[16];
	rec_str("time", "%s: PIDs/sec: ", output_hms(hms));
	rec_u64("pids_per_s", "%llu", n);
	rec_end();
	return 0;
}

static int pidpersec_main(int argc, char **argv)
{
	if (args_parse(&argp, argc, argv, NULL))
		return 2;
	struct pidpersec_bpf *skel = TRACER_OPEN(pidpersec);
	if (!skel)
		return 1;
	skel->rodata->targ_parent = o.pid;
	struct tracer tr = TRACER_INIT(skel, probes);
	int err = tracer_start(&tr);
	if (!err) {
		fprintf(record_header_out(), "Tracing... Ctrl-C to end.\n");
		fflush(stdout);
		struct loop l = { .interval_ms = 1000, .duration_ms = o.duration_ms, .summary = summary, .ctx = &tr };
		err = loop_run(&l);
	}
	tracer_destroy(&tr);
	return err < 0 ? 1 : 0;
}

BPFKIT_TOOL(pidpersec, .name = "pidpersec", .category = "process",
	    .summary = "Count new processes (via fork) per second", .main = pidpersec_main);
