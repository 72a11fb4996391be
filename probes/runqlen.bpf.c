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

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, RUNQLEN_MAX_CPUS * 4);
	__type(key, struct runqlen_key);
	__type(value, __u64);
} samples SEC(".maps");

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
	struct runqlen_key k = { per_cpu ? bpf_get_smp_processor_id() : 0, len };
	__u64 one = 1, *n = bpf_map_lookup_elem(&samples, &k);
	if (n)
		__sync_fetch_and_add(n, 1);
	else
		bpf_map_update_elem(&samples, &k, &one, BPF_NOEXIST);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
