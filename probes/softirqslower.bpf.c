// SPDX-License-Identifier: GPL-2.0
/* softirqslower: softirqs that waited long from being raised to running, or
 * ran long, on this CPU. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "common.bpf.h"
#include "softirqslower.h"
#include "twins.bpf.h"

const volatile __u64 min_us = 10000;
const volatile int targ_cpu = -1;

/* Per CPU, by vector: when it was raised (0: not pending) and when its
 * handler started.  A softirq runs on the CPU that raised it. */
BPF_MAP(raised, BPF_MAP_TYPE_PERCPU_ARRAY, __u32, __u64, SOFTIRQSLOWER_VECS);
BPF_MAP(entered, BPF_MAP_TYPE_PERCPU_ARRAY, __u32, __u64, SOFTIRQSLOWER_VECS);

static __always_inline void report(void *ctx, __u32 stage, __u32 vec, __u32 cpu, __u64 ns)
{
	struct softirq_event e = { .delta_us = ns / 1000, .stage = stage, .vec = vec, .cpu = cpu };
	if (e.delta_us < min_us)
		return;
	bpf_get_current_comm(e.comm, sizeof(e.comm));
	events_output(ctx, &e, sizeof(e));
}

/* The vector's slot in map, on a CPU that -c lets in. */
static __always_inline __u64 *slot(void *map, __u32 vec, __u32 *cpu)
{
	*cpu = bpf_get_smp_processor_id();
	if (targ_cpu >= 0 && *cpu != (__u32)targ_cpu)
		return NULL;
	return bpf_map_lookup_elem(map, &vec);
}

/* A raise while one is pending is the same run of the handler: the first
 * one's time counts. */
static __always_inline int on_raise(unsigned int vec)
{
	__u32 cpu;
	__u64 *ts = slot(&raised, vec, &cpu);
	if (ts && !*ts)
		*ts = bpf_ktime_get_ns();
	return 0;
}

static __always_inline int on_entry(void *ctx, unsigned int vec)
{
	__u32 cpu;
	__u64 now = bpf_ktime_get_ns(), *ts = slot(&raised, vec, &cpu);
	if (!ts)
		return 0;
	if (*ts)
		report(ctx, STAGE_RAISE_TO_ENTRY, vec, cpu, now - *ts);
	*ts = 0;
	ts = bpf_map_lookup_elem(&entered, &vec);
	if (ts)
		*ts = now;
	return 0;
}

static __always_inline int on_exit(void *ctx, unsigned int vec)
{
	__u32 cpu;
	__u64 *ts = slot(&entered, vec, &cpu);
	if (!ts || !*ts)
		return 0;
	report(ctx, STAGE_ENTRY_TO_EXIT, vec, cpu, bpf_ktime_get_ns() - *ts);
	*ts = 0;
	return 0;
}

BTF_RAW_TWINS(softirq_raise, raise, on_raise(vec), unsigned int vec)
BTF_RAW_TWINS(softirq_entry, entry, on_entry(ctx, vec), unsigned int vec)
BTF_RAW_TWINS(softirq_exit, exit, on_exit(ctx, vec), unsigned int vec)

char LICENSE[] SEC("license") = "GPL";
