// SPDX-License-Identifier: GPL-2.0
/* cpufreq: each CPU's current frequency, kept from power:cpu_frequency
 * (fired by the cpufreq driver on every change; the starting values come
 * from sysfs, written by the C side before attach), and a timed sample on
 * every CPU that counts the frequency it finds, system-wide and by the
 * running task's name. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "common.bpf.h"
#include "twins.bpf.h"
#include "cpufreq.h"

/* MHz by CPU, 0 where unknown; .bss, so the C side fills it in place. */
__u32 freqs_mhz[CPUFREQ_MAX_CPUS];
/* Samples of every task, idle included. */
__u64 syswide[CPUFREQ_SLOTS];

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, CPUFREQ_MAX_COMMS);
	__type(key, struct cpufreq_key);
	__type(value, struct cpufreq_hist);
} hists SEC(".maps");

static const struct cpufreq_hist zero;

static __always_inline int on_frequency(__u32 state_khz, __u32 cpu)
{
	/* A mask the verifier can follow, kept by the barrier: clang knows the
	 * comparison made it redundant. */
	barrier_var(cpu);
	if (cpu < CPUFREQ_MAX_CPUS)
		freqs_mhz[cpu & (CPUFREQ_MAX_CPUS - 1)] = state_khz / 1000;
	return 0;
}

BTF_RAW_TWINS(cpu_frequency, frequency, on_frequency(state, cpu_id), unsigned int state, unsigned int cpu_id)

SEC("tracepoint/power/cpu_frequency")
int frequency_tp(struct trace_event_raw_cpu *ctx)
{
	return on_frequency(ctx->state, ctx->cpu_id);
}

SEC("perf_event")
int sample(struct bpf_perf_event_data *ctx)
{
	__u32 cpu = bpf_get_smp_processor_id();
	barrier_var(cpu);
	if (cpu >= CPUFREQ_MAX_CPUS)
		return 0;
	__u32 mhz = freqs_mhz[cpu & (CPUFREQ_MAX_CPUS - 1)];
	if (!mhz)
		return 0;
	__u32 slot = mhz / CPUFREQ_STEP_MHZ;
	if (slot >= CPUFREQ_SLOTS)
		slot = CPUFREQ_SLOTS - 1;
	barrier_var(slot);
	if (slot >= CPUFREQ_SLOTS)
		return 0;
	__sync_fetch_and_add(&syswide[slot], 1);
	/* The idle task counts system-wide only, as libbpf-tools'. */
	if (!(__u32)bpf_get_current_pid_tgid())
		return 0;
	struct cpufreq_key key = {};
	bpf_get_current_comm(key.comm, sizeof(key.comm));
	struct cpufreq_hist *h = bpf_map_lookup_elem(&hists, &key);
	if (!h) {
		bpf_map_update_elem(&hists, &key, &zero, BPF_NOEXIST);
		h = bpf_map_lookup_elem(&hists, &key);
		if (!h)
			return 0;
	}
	__sync_fetch_and_add(&h->slots[slot], 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
