/* profile: sample stack traces at a timed interval, counted in the kernel,
 * as BCC's profile. */
#include "core/args.h"
#include "core/log.h"
#include "core/loop.h"
#include "core/perf_sample.h"
#include "cmd/stacktool.h"
#include "core/tool.h"
#include "core/tracer.h"
#include "probes/profile.skel.h"

#include <stdio.h>
#include <string.h>

enum { OPT_HASH_STORAGE = 0x100 };

static struct opts {
	struct stacktool_opts st;
	unsigned long freq, count, hash_storage;
	long cpu;
	bool idle;
} o = { .cpu = -1, .hash_storage = 40960 };

static const struct argp_option options[] = {
	{ "tid-list", 'L', "TIDS", 0, "Profile these threads only (comma separated; same as -t)", 0 },
	{ "frequency", 'F', "HZ", 0, "Sample frequency, Hertz (default 49)", 0 },
	{ "count", 'c', "COUNT", 0, "Sample period, number of cpu-clock nanoseconds", 0 },
	{ "annotations", 'a', NULL, 0, "Add _[k] annotations to kernel frames", 0 },
	{ "include-idle", 'I', NULL, 0, "Include CPU idle stacks", 0 },
	{ "cpu", 'C', "CPU", 0, "CPU number to run profile on", 0 },
	{ "address", 'A', NULL, 0, "Show raw addresses", 0 },
	{ "hash-storage-size", OPT_HASH_STORAGE, "SIZE", 0,
	  "The number of hash keys that can be stored and displayed (default 40960)", 0 },
	{ 0 },
};

static error_t parse(int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case ARGP_KEY_INIT: state->child_inputs[0] = &o.st; return 0;
	case 'L': {
		/* The shared -t parser does the work. */
		struct argp_state sub = *state;
		sub.input = &o.st;
		return stacktool_argp.parser('t', arg, &sub);
	}
	case 'F': return -args_ulong(arg, "frequency", 1, 100000, &o.freq);
	case 'c': return -args_ulong(arg, "count", 1, ~0UL, &o.count);
	case 'a': o.st.annotate = true; return 0;
	case 'I': o.idle = true; return 0;
	case 'A': o.st.addresses = true; return 0;
	case 'C': return -args_cpu(arg, &o.cpu);
	case OPT_HASH_STORAGE: return -args_ulong(arg, "hash storage size", 1, 1 << 24, &o.hash_storage);
	case ARGP_KEY_END:
		if (o.freq && o.count) {
			log_err("-F and -c are mutually exclusive");
			return EINVAL;
		}
		return 0;
	}
	return ARGP_ERR_UNKNOWN;
}

static const struct argp_child children[] = {
	{ &stacktool_argp, 0, NULL, 0 },
	{ &args_common_long, 0, "Common options:", 10 },
	ARGS_CHILD_CONTAINERS,
	{ 0 },
};
static const struct argp argp = {
	options, parse, "[duration]",
	"Profile CPU stack traces at a timed interval.\v"
	"Examples:\n"
	"  profile             # profile stack traces at 49 Hertz until Ctrl-C\n"
	"  profile -F 99       # profile stack traces at 99 Hertz\n"
	"  profile -c 1000000  # profile stack traces every 1 in a million events\n"
	"  profile 5           # profile at 49 Hertz for 5 seconds only\n"
	"  profile -f 5        # output in folded format for flame graphs\n"
	"  profile -p 185      # only profile process with PID 185\n"
	"  profile -L 185      # only profile thread with TID 185\n"
	"  profile -U          # only show user space stacks (no kernel)\n"
	"  profile -K          # only show kernel space stacks (no user)\n"
	"  profile -C 0        # only profile CPU 0\n"
	"  profile -F 99 --flamegraph cpu.svg 30   # and write an SVG flame graph",
	children,
};

static int summary(void *ctx, bool last)
{
	if (!o.st.folded && !o.st.json)
		printf("\n");
	return stacktool_print(ctx, &o.st, true);
}

static int profile_main(int argc, char **argv)
{
	struct perf_sample samples = { 0 };
	stacktool_defaults(&o.st);
	o.st.flamegraph_title = "CPU Flame Graph";
	if (args_parse(&argp, argc, argv, NULL))
		return 2;
	if (!o.freq && !o.count)
		o.freq = 49;
	struct profile_bpf *skel = TRACER_OPEN(profile);
	if (!skel)
		return 1;
	skel->rodata->include_idle = o.idle;
	bpf_map__set_max_entries(skel->maps.stack_counts, o.hash_storage);
	struct tracer tr = { .skeleton = skel->skeleton, .obj = skel->obj, .skel = skel };
	int err = stacktool_configure(&tr, &o.st);
	err = err ?: tracer_start(&tr);
	err = err ?: stacktool_fill_targets(&tr, &o.st);
	err = err ?: perf_sample_attach(skel->progs.do_sample, o.freq, o.count, o.cpu, &samples);
	if (!err) {
		char threads[256], rate[64], on_cpu[32] = "";
		if (o.freq)
			snprintf(rate, sizeof(rate), "%lu Hertz", o.freq);
		else
			snprintf(rate, sizeof(rate), "every %lu events", o.count);
		if (o.cpu >= 0)
			snprintf(on_cpu, sizeof(on_cpu), " on CPU#%ld", o.cpu);
		stacktool_status(&o.st, "Sampling at %s of %s by %s stack%s", rate,
				 stacktool_thread_list(&o.st, threads, sizeof(threads)), stacktool_stack_context(&o.st),
				 on_cpu);
		struct loop l = { .duration_ms = o.st.duration_ms, .summary = summary, .ctx = &tr,
				  .tick = stacktool_tick, .tick_ms = 100 };
		err = loop_run(&l);
	}
	perf_sample_detach(&samples);
	if (err >= 0)
		err = stacktool_finish(&o.st);
	tracer_destroy(&tr);
	return err < 0 ? 1 : 0;
}

BPFKIT_TOOL(profile, .name = "profile", .category = "scheduler",
	    .summary = "Profile CPU stack traces at a timed interval", .main = profile_main);
