/* cpufreq: CPU frequency sampled system-wide and by process, as
 * libbpf-tools' cpufreq.  The frequency each CPU runs at is the one the
 * cpufreq driver last reported through power:cpu_frequency (the starting
 * values read from sysfs); a timed sample on every CPU counts the
 * frequency it finds in 200 MHz buckets, for everything and by the name of
 * the task running. */
#include "core/tool.h"
#include "histo/histo.h"
#include "probes/cpufreq.skel.h"

#include <bpf/bpf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "probes/cpufreq.h"

static unsigned long freq_hz = 99;

static const struct tool_option options[] = {
	OPT_ULONG('f', "frequency", "FREQUENCY", &freq_hz, 1, 100000, "Sample with a certain frequency"),
	{ { 0 } },
};

static const struct probe_spec probes[] = {
	PROBE_BTF_RAW_TP("power", "cpu_frequency", "frequency"),
};

static const char cpu0_cur[] = "/sys/devices/system/cpu/cpu0/cpufreq/scaling_cur_freq";

static int configure(struct tracer *t)
{
	(void)t;
	if (access(cpu0_cur, R_OK))
		return log_err("this machine has no CPU frequency driver (no %s): power:cpu_frequency never fires and "
			       "there is no frequency to sample",
			       cpu0_cur),
		       -EOPNOTSUPP;
	return 0;
}

/* Each CPU's frequency until the driver next changes it, from sysfs (kHz);
 * a CPU the tracepoint already reported keeps that newer value. */
static int started(struct tracer *t)
{
	__u32 *mhz = ((struct cpufreq_bpf *)t->skel)->bss->freqs_mhz;
	for (int cpu = 0; cpu < CPUFREQ_MAX_CPUS; cpu++) {
		char path[96];
		snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu%d/cpufreq/scaling_cur_freq", cpu);
		FILE *f = fopen(path, "r");
		if (!f)
			continue;
		unsigned long khz = 0;
		if (fscanf(f, "%lu", &khz) == 1 && !mhz[cpu])
			mhz[cpu] = khz / 1000;
		fclose(f);
	}
	return 0;
}

struct comm_hist {
	struct cpufreq_key key;
	struct cpufreq_hist h;
};

static int by_comm(const void *a, const void *b)
{
	return strncmp(((const struct comm_hist *)a)->key.comm, ((const struct comm_hist *)b)->key.comm, 16);
}

static void print_one(const uint64_t *slots, const char *comm)
{
	if (output_mode == OUTPUT_JSON) {
		histo_json_linear_step(stdout, slots, CPUFREQ_SLOTS, 0, CPUFREQ_STEP_MHZ, "MHz", comm ? "comm" : NULL,
				       comm, NULL);
		return;
	}
	bool any = false;
	for (int i = 0; i < CPUFREQ_SLOTS; i++)
		any |= slots[i] != 0;
	if (!any)
		return;
	putchar('\n');
	histo_print_linear_step(stdout, slots, CPUFREQ_SLOTS, 0, CPUFREQ_STEP_MHZ, comm ? comm : "syswide");
}

/* At the end: each process name's histogram, by name, then the whole
 * system's (libbpf-tools' order: processes first). */
static int summary(struct tracer *t, bool last)
{
	(void)last;
	struct cpufreq_bpf *s = t->skel;
	int fd = bpf_map__fd(s->maps.hists);
	struct comm_hist *all = calloc(CPUFREQ_MAX_COMMS, sizeof(*all));
	if (!all)
		return log_err("out of memory reading the histograms"), -ENOMEM;
	size_t n = 0;
	struct cpufreq_key k, next;
	void *prev = NULL;
	while (n < CPUFREQ_MAX_COMMS && !bpf_map_get_next_key(fd, prev, &next)) {
		if (!bpf_map_lookup_elem(fd, &next, &all[n].h)) {
			all[n].key = next;
			n++;
		}
		k = next;
		prev = &k;
	}
	qsort(all, n, sizeof(*all), by_comm);
	for (size_t i = 0; i < n; i++) {
		char comm[17];
		memcpy(comm, all[i].key.comm, 16);
		comm[16] = 0;
		print_one((const uint64_t *)all[i].h.slots, comm);
	}
	free(all);
	print_one((const uint64_t *)s->bss->syswide, NULL);
	fflush(stdout);
	return 0;
}

DECLARE_TOOL(cpufreq, .category = "scheduler", .summary = "Sampling CPU freq system-wide & by process",
	     .summary_note = "(needs a CPU frequency driver)", .shape = TOOL_INTERVAL,
	     .takes = TOOL_DURATION | TOOL_JSON, .help = { .duration = "Duration to sample in seconds", .json = "Print histograms as JSON, one object per line" },
	     .bound = options, TOOL_PROBES(probes), .samples = { SAMPLE_CPU_CLOCK("sample", .freq = &freq_hz) },
	     .configure = configure, .started = started,
	     .status = "Sampling CPU freq system-wide & by process. Ctrl-C to end.", .interval = summary,
	     .examples = "  cpufreq         # sample CPU freq at 99HZ (default)\n"
			 "  cpufreq -d 5    # sample for 5 seconds only\n"
			 "  cpufreq -f 199  # sample CPU freq at 199HZ");
