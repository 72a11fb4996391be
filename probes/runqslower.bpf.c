// SPDX-License-Identifier: GPL-2.0
/* runqslower: each time a task waited on a run queue longer than a
 * threshold, with who ran before it. */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "common.bpf.h"
#include "runqslower.h"
#include "task.bpf.h"

#define TASK_RUNNING 0

const volatile __u32 targ_tgid = 0;
const volatile __u32 targ_tid = 0;
const volatile __u64 min_us = 10000;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, __u32);
	__type(value, __u64);
} enqueued SEC(".maps");

static __always_inline int enqueue(struct task_struct *p)
{
	__u32 tgid = BPF_CORE_READ(p, tgid), pid = BPF_CORE_READ(p, pid);
	if (!pid || (targ_tgid && tgid != targ_tgid) || (targ_tid && pid != targ_tid))
		return 0;
	__u64 ts = bpf_ktime_get_ns();
	bpf_map_update_elem(&enqueued, &pid, &ts, BPF_ANY);
	return 0;
}

static __always_inline int on_switch(void *ctx, struct task_struct *prev, struct task_struct *next)
{
	if (task_state(prev) == TASK_RUNNING)
		enqueue(prev);
	__u32 pid = BPF_CORE_READ(next, pid);
	__u64 *tsp = bpf_map_lookup_elem(&enqueued, &pid);
	if (!tsp)
		return 0;
	__u64 now = bpf_ktime_get_ns(), delta_us = now > *tsp ? (now - *tsp) / 1000 : 0;
	bpf_map_delete_elem(&enqueued, &pid);
	if (delta_us < min_us)
		return 0;
	struct runq_event e = { .delta_us = delta_us, .pid = pid, .prev_pid = BPF_CORE_READ(prev, pid) };
	bpf_probe_read_kernel_str(e.comm, sizeof(e.comm), next->comm);
	bpf_probe_read_kernel_str(e.prev_comm, sizeof(e.prev_comm), prev->comm);
	events_output(ctx, &e, sizeof(e));
	return 0;
}

SEC("tp_btf/sched_wakeup")
int BPF_PROG(wakeup_btf, struct task_struct *p)
{
	return enqueue(p);
}

SEC("tp_btf/sched_wakeup_new")
int BPF_PROG(wakeup_new_btf, struct task_struct *p)
{
	return enqueue(p);
}

SEC("tp_btf/sched_switch")
int BPF_PROG(switch_btf, bool preempt, struct task_struct *prev, struct task_struct *next)
{
	return on_switch(ctx, prev, next);
}

SEC("raw_tp/sched_wakeup")
int BPF_PROG(wakeup_raw, struct task_struct *p)
{
	return enqueue(p);
}

SEC("raw_tp/sched_wakeup_new")
int BPF_PROG(wakeup_new_raw, struct task_struct *p)
{
	return enqueue(p);
}

SEC("raw_tp/sched_switch")
int BPF_PROG(switch_raw, bool preempt, struct task_struct *prev, struct task_struct *next)
{
	return on_switch(ctx, prev, next);
}

char LICENSE[] SEC("license") = "GPL";
