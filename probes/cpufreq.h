#ifndef BPFKIT_PROBES_CPUFREQ_H
#define BPFKIT_PROBES_CPUFREQ_H

/* Linear buckets of 200 MHz from 0: 26 of them reach 5 GHz, the last one
 * holding everything faster (libbpf-tools' range). */
#define CPUFREQ_STEP_MHZ 200
#define CPUFREQ_SLOTS 26
/* CPUs whose frequency is kept; a power of two, for the verifier's mask. */
#define CPUFREQ_MAX_CPUS 1024
#define CPUFREQ_MAX_COMMS 10240

struct cpufreq_key {
	char comm[16];
};

struct cpufreq_hist {
	__u64 slots[CPUFREQ_SLOTS];
};

#endif
