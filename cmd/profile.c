/* profile: sample stack traces at a timed interval, counted in the kernel,
 * as BCC's profile. */
#include "cmd/stacktool.h"
#include "probes/profile.skel.h"

static unsigned long freq, count, hash_storage = 40960;
static long cpu = -1;
static bool idle;

static const struct tool_option bound[] = {
	OPT_ULONG('F', "frequency", "HZ", &freq, 1, 100000, "Sample frequency, Hertz (default 49)"),
	OPT_ULONG('c', "count", "COUNT", &count, 1, ~0UL, "Sample period, number of cpu-clock nanoseconds"),
	OPT_FLAG('a', "annotations", &stacktool.annotate, "Add _[k] annotations to kernel frames"),
	OPT_FLAG('I', "include-idle", &idle, "Include CPU idle stacks"),
	OPT_FLAG('A', "address", &stacktool.addresses, "Show raw addresses"),
	OPT_ULONG(0x100, "hash-storage-size", "SIZE", &hash_storage, 1, 1 << 24,
		  "The number of hash keys that can be stored and displayed (default 40960)"),
	{ { 0 } },
};

static const struct argp_option options[] = {
	{ "tid-list", 'L', "TIDS", 0, "Profile these threads only (comma separated; same as -t)", 0 },
	{ "cpu", 'C', "CPU", 0, "CPU number to run profile on", 0 },
	{ 0 },
};

static error_t parse(int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case 'L': return -tool_stack_targets(arg, true);
	case 'C': return -args_cpu(arg, &cpu);
	case ARGP_KEY_END:
		if (args_exclusive(freq, 'F', count, 'c'))
			return EINVAL;
		freq = freq || count ? freq : 49;
		return 0;
	}
	return ARGP_ERR_UNKNOWN;
}

static int configure(struct tracer *t)
{
	struct profile_bpf *skel = t->skel;
	skel->rodata->include_idle = idle;
	/* -c counts cpu-clock events, which are nanoseconds. */
	stacktool.period_ns = freq ? 1000000000 / freq : count;
	return bpf_map__set_max_entries(skel->maps.stack_counts, hash_storage);
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

DECLARE_STACK_TOOL(profile, { .flamegraph_title = "CPU Flame Graph" }, .category = "scheduler",
		   .summary = "Profile CPU stack traces at a timed interval",
		   .takes = TOOL_TARGETS | TOOL_STACK_SPACE | TOOL_FOLDED | TOOL_JSON | TOOL_STACK_STORAGE |
			    TOOL_DURATION_ARG | TOOL_CONTAINERS,
		   .long_verbose = true, .bound = bound, .options = options, .parse = parse, .args_doc = "[duration]",
		   .family = { &stacktool_threads_argp, &stacktool_format_argp, &stacktool_flamegraph_argp },
		   .samples = { SAMPLE_CPU_CLOCK("do_sample", .freq = &freq, .period = &count, .cpu = &cpu) },
		   .configure = configure, .header = header,
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
