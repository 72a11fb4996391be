/* cpufreq: CPU frequency sampled system-wide and by process, as
 * libbpf-tools' cpufreq.  It needs a cpufreq driver: the frequency each
 * CPU starts at is read from cpufreq's sysfs, and changes come from the
 * power:cpu_frequency tracepoint, which only a driver fires.  No machine
 * bpfkit is built and tested on has one (this host's 6.18 and Debian's
 * 5.10, 6.1, 6.12 cloud kernels under QEMU: no
 * /sys/devices/system/cpu/cpu0/cpufreq), so the tool says so in one line;
 * where a driver exists it says that it has no tested implementation yet. */
#include "core/tool.h"
#include "probes/cpufreq.skel.h"

#include <errno.h>
#include <unistd.h>

static unsigned long duration_s, freq_hz = 99;

static const struct tool_option options[] = {
	OPT_ULONG('d', "duration", "DURATION", &duration_s, 1, 1UL << 31, "Duration to sample in seconds"),
	OPT_ULONG('f', "frequency", "FREQUENCY", &freq_hz, 1, 1000000, "Sample with a certain frequency"),
	{ { 0 } },
};

static int configure(struct tracer *t)
{
	(void)t;
	static const char cur[] = "/sys/devices/system/cpu/cpu0/cpufreq/scaling_cur_freq";
	if (access(cur, R_OK))
		return log_err("this machine has no CPU frequency driver (no %s): power:cpu_frequency never fires and "
			       "there is no frequency to sample",
			       cur),
		       -EOPNOTSUPP;
	return log_err("this machine has a CPU frequency driver, but bpfkit's cpufreq has no implementation for it yet "
		       "(none of the machines it is tested on has one)"),
	       -EOPNOTSUPP;
}

DECLARE_TOOL(cpufreq, .category = "scheduler", .summary = "Sampling CPU freq system-wide & by process",
	     .shape = TOOL_EVENTS, .bound = options, .configure = configure,
	     .examples = "  cpufreq         # sample CPU freq at 99HZ (default)\n"
			 "  cpufreq -d 5    # sample for 5 seconds only\n"
			 "  cpufreq -f 199  # sample CPU freq at 199HZ");
