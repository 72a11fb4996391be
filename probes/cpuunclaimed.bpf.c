// SPDX-License-Identifier: GPL-2.0
/* cpuunclaimed: every CPU's run queue length at the same moments, so user
 * space can see idle CPUs next to CPUs with waiting tasks. */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "common.bpf.h"
#include "cpuunclaimed.h"
#include "task.bpf.h"

SEC("perf_event")
int sample(struct bpf_perf_event_data *ctx)
{
	struct task_struct *t = (void *)bpf_get_current_task();
	struct runq_sample s = {
		.ts = bpf_ktime_get_ns(),
		.cpu = bpf_get_smp_processor_id(),
		.len = cfs_rq_queued(BPF_CORE_READ(t, se.cfs_rq)),
	};
	events_output(ctx, &s, sizeof(s));
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
