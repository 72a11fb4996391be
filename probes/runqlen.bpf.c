// SPDX-License-Identifier: GPL-2.0
/* runqlen: sampled on every CPU at a fixed rate, how many tasks wait in
 * its CFS run queue besides the one running. */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "runqlen.h"
#include "task.bpf.h"

const volatile bool per_cpu = false;

/* Samples per CPU (all in row 0 unless per CPU) and length: in .bss, which
 * the C side reads and clears in place every interval. */
__u64 counts[RUNQLEN_MAX_CPUS][RUNQLEN_MAX_LEN];

SEC("perf_event")
int sample(struct bpf_perf_event_data *ctx)
{
	struct task_struct *t = (void *)bpf_get_current_task();
	/* The running task's CFS queue counts itself: the rest are waiting. */
	__u32 len = cfs_rq_queued(BPF_CORE_READ(t, se.cfs_rq));
	if (len)
		len--;
	if (len >= RUNQLEN_MAX_LEN)
		len = RUNQLEN_MAX_LEN - 1;
	__u32 cpu = per_cpu ? bpf_get_smp_processor_id() : 0;
	/* Masks the verifier can follow (both sizes are powers of two), kept
	 * by the barrier: clang knows the clamp made them redundant. */
	barrier_var(len);
	barrier_var(cpu);
	if (cpu < RUNQLEN_MAX_CPUS)
		__sync_fetch_and_add(&counts[cpu & (RUNQLEN_MAX_CPUS - 1)][len & (RUNQLEN_MAX_LEN - 1)], 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
