// SPDX-License-Identifier: GPL-2.0
/* runqslower: each time a task waited on a run queue longer than a
 * threshold, with who ran before it. */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "common.bpf.h"
#include "runqslower.h"

const volatile __u32 targ_tgid = 0;
const volatile __u32 targ_tid = 0;
const volatile __u64 min_us = 10000;

static __always_inline bool runq_wanted(__u32 tgid, __u32 pid)
{
	return (!targ_tgid || tgid == targ_tgid) && (!targ_tid || pid == targ_tid);
}

#include "runq.bpf.h"

static __always_inline int on_switch(void *ctx, struct task_struct *prev, struct task_struct *next)
{
	__s64 delta = runq_switch(prev, next);
	if (delta < 0)
		return 0;
	__u64 delta_us = delta / 1000;
	__u32 pid = BPF_CORE_READ(next, pid);
	if (delta_us < min_us)
		return 0;
	struct runq_event e = { .delta_us = delta_us, .pid = pid, .prev_pid = BPF_CORE_READ(prev, pid) };
	bpf_probe_read_kernel_str(e.comm, sizeof(e.comm), next->comm);
	bpf_probe_read_kernel_str(e.prev_comm, sizeof(e.prev_comm), prev->comm);
	events_output(ctx, &e, sizeof(e));
	return 0;
}

RUNQ_WAKEUP_PROGRAMS

SEC("tp_btf/sched_switch")
int BPF_PROG(switch_btf, bool preempt, struct task_struct *prev, struct task_struct *next)
{
	return on_switch(ctx, prev, next);
}

SEC("raw_tp/sched_switch")
int BPF_PROG(switch_raw, bool preempt, struct task_struct *prev, struct task_struct *next)
{
	return on_switch(ctx, prev, next);
}

char LICENSE[] SEC("license") = "GPL";
