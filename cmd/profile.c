/* profile: sample stack traces at a timed interval, counted in the kernel,
 * as BCC's profile. */
#include "cmd/stacktool.h"
#include "core/perf_sample.h"
#include "probes/profile.skel.h"

static unsigned long freq, count, hash_storage = 40960;
static long cpu = -1;
static bool idle;
static struct perf_sample samples;

static const struct argp_option options[] = {
	{ "tid-list", 'L', "TIDS", 0, "Profile these threads only (comma separated; same as -t)", 0 },
	{ "frequency", 'F', "HZ", 0, "Sample frequency, Hertz (default 49)", 0 },
	{ "count", 'c', "COUNT", 0, "Sample period, number of cpu-clock nanoseconds", 0 },
	{ "annotations", 'a', NULL, 0, "Add _[k] annotations to kernel frames", 0 },
	{ "include-idle", 'I', NULL, 0, "Include CPU idle stacks", 0 },
	{ "cpu", 'C', "CPU", 0, "CPU number to run profile on", 0 },
	{ "address", 'A', NULL, 0, "Show raw addresses", 0 },
	{ "hash-storage-size", 0x100, "SIZE", 0,
	  "The number of hash keys that can be stored and displayed (default 40960)", 0 },
	{ 0 },
};

static error_t parse(int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case 'L': return -tool_stack_targets(arg, true);
	case 'F': return -args_ulong(arg, "frequency", 1, 100000, &freq);
	case 'c': return -args_ulong(arg, "count", 1, ~0UL, &count);
	case 'a': stacktool.annotate = true; return 0;
	case 'I': idle = true; return 0;
	case 'A': stacktool.addresses = true; return 0;
	case 'C': return -args_cpu(arg, &cpu);
	case 0x100: return -args_ulong(arg, "hash storage size", 1, 1 << 24, &hash_storage);
	case ARGP_KEY_END:
		if (freq && count) {
			log_err("-F and -c are mutually exclusive");
			return EINVAL;
		}
		freq = freq || count ? freq : 49;
		return 0;
	}
	return ARGP_ERR_UNKNOWN;
}

static int configure(struct tracer *t)
{
	struct profile_bpf *skel = t->skel;
	skel->rodata->include_idle = idle;
	return bpf_map__set_max_entries(skel->maps.stack_counts, hash_storage);
}

static int started(struct tracer *t)
{
	return perf_sample_attach(((struct profile_bpf *)t->skel)->progs.do_sample, freq, count, cpu, &samples);
}

static void header(void)
{
	char threads[256], rate[64], on_cpu[32] = "";
	if (freq)
		snprintf(rate, sizeof(rate), "%lu Hertz", freq);
	else
		snprintf(rate, sizeof(rate), "every %lu events", count);
	if (cpu >= 0)
		snprintf(on_cpu, sizeof(on_cpu), " on CPU#%ld", cpu);
	stacktool_status("Sampling at %s of %s by %s stack%s", rate, stacktool_thread_list(threads, sizeof(threads)),
			 stacktool_stack_context(), on_cpu);
}

static int end(struct tracer *t)
{
	perf_sample_detach(&samples);
	return 0;
}

DECLARE_STACK_TOOL(profile, { .flamegraph_title = "CPU Flame Graph" }, .category = "scheduler",
		   .summary = "Profile CPU stack traces at a timed interval",
		   .takes = TOOL_TARGETS | TOOL_STACK_SPACE | TOOL_FOLDED | TOOL_JSON | TOOL_STACK_STORAGE |
			    TOOL_DURATION_ARG | TOOL_CONTAINERS,
		   .long_verbose = true, .options = options, .parse = parse, .args_doc = "[duration]",
		   .family = { &stacktool_threads_argp, &stacktool_format_argp, &stacktool_flamegraph_argp },
		   .configure = configure, .started = started, .header = header, .end = end,
		   .examples = "  profile             # profile stack traces at 49 Hertz until Ctrl-C\n"
			       "  profile -F 99       # profile stack traces at 99 Hertz\n"
			       "  profile -c 1000000  # profile stack traces every 1 in a million events\n"
			       "  profile 5           # profile at 49 Hertz for 5 seconds only\n"
			       "  profile -f 5        # output in folded format for flame graphs\n"
			       "  profile -p 185      # only profile process with PID 185\n"
			       "  profile -L 185      # only profile thread with TID 185\n"
			       "  profile -U          # only show user space stacks (no kernel)\n"
			       "  profile -K          # only show kernel space stacks (no user)\n"
			       "  profile -C 0        # only profile CPU 0\n"
			       "  profile -F 99 --flamegraph cpu.svg 30   # and write an SVG flame graph");
