/* Timed sampling: one perf cpu-clock event per CPU, each running a BPF
 * perf_event program (profile, and the other samplers). */
#ifndef BPFKIT_CORE_PERF_SAMPLE_H
#define BPFKIT_CORE_PERF_SAMPLE_H
#include <stdint.h>

struct bpf_program;
struct bpf_link;

struct perf_sample {
	struct bpf_link **links;
	int n;
};

/* freq_hz > 0 samples at that frequency, else every `period` cpu-clock
 * nanoseconds; cpu -1 for all online CPUs. */
int perf_sample_attach(struct bpf_program *prog, uint64_t freq_hz, uint64_t period, int cpu, struct perf_sample *out);
/* The same on any perf event (type/config as perf_event_attr), every
 * `period` events; `what` names it in errors ("cache-misses"). */
int perf_sample_attach_event(struct bpf_program *prog, uint32_t type, uint64_t config, uint64_t freq_hz,
			     uint64_t period, int cpu, const char *what, struct perf_sample *out);
void perf_sample_detach(struct perf_sample *s);

/* The lowest online CPU (0 when that cannot be read). */
int perf_sample_first_cpu(void);

#endif
