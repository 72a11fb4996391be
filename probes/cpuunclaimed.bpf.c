// SPDX-License-Identifier: GPL-2.0
/* cpuunclaimed: every CPU's run queue length at the same moments, so user
 * space can see idle CPUs next to CPUs with waiting tasks.
 *
 * BCC has each CPU's timer sample its own queue, which needs the timers in
 * step: a virtual CPU held up while they were started keeps its samples
 * milliseconds apart from the others' for the whole run, and BCC then
 * gives up.  Here each CPU's timer only notes where its CPU's queue is,
 * and one CPU's timer reads all the queues at once. */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "common.bpf.h"
#include "cpuunclaimed.h"
#include "task.bpf.h"

#define MAX_CPUS 1024

const volatile __u32 nr_cpus = 1;    /* possible CPUs */
const volatile __u32 leader_cpu = 0; /* whose timer reads every queue */

/* Each CPU's top-level CFS queue (&rq->cfs), as its own timer found it. */
__u64 queues[MAX_CPUS];

SEC("perf_event")
int sample(struct bpf_perf_event_data *ctx)
{
	__u32 me = bpf_get_smp_processor_id() & (MAX_CPUS - 1);
	if (!queues[me]) {
		/* The current task's queue is its task group's; the group's
		 * queue knows its CPU's run queue (kernels without task groups
		 * have only the top-level queue). */
		struct task_struct *t = (void *)bpf_get_current_task();
		struct cfs_rq *q = BPF_CORE_READ(t, se.cfs_rq);
		if (bpf_core_field_exists(q->rq)) {
			struct rq *rq = BPF_CORE_READ(q, rq);
			q = &rq->cfs;
		}
		queues[me] = (__u64)q;
	}
	if (me != leader_cpu)
		return 0;
	__u64 ts = bpf_ktime_get_ns();
	for (__u32 cpu = 0; cpu < MAX_CPUS && cpu < nr_cpus; cpu++) {
		__u64 q = queues[cpu & (MAX_CPUS - 1)];
		if (!q)
			continue; /* its timer has not fired yet */
		struct runq_sample s = { .ts = ts, .cpu = cpu, .len = cfs_rq_runnable((struct cfs_rq *)q) };
		events_output(ctx, &s, sizeof(s));
	}
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
