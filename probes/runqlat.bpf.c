// SPDX-License-Identifier: GPL-2.0
/* runqlat: time from a task becoming runnable (woken, or preempted while
 * runnable) to it running on a CPU, as a log2 histogram. */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "common.bpf.h"
#include "hist.bpf.h"
#include "task.bpf.h"

#define TASK_RUNNING 0

enum runqlat_key { KEY_NONE, KEY_PID, KEY_TID, KEY_PIDNS };

const volatile __u32 targ_tgid = 0;
const volatile __u32 key_by = KEY_NONE;
const volatile bool millis = false;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, __u32);
	__type(value, __u64);
} enqueued SEC(".maps");

/* Allocated on demand: most runs key few histograms, and preallocating
 * 10240 of them costs 5 MB of kernel memory and startup time. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, 10240);
	__type(key, __u32);
	__type(value, struct hist);
} hists SEC(".maps");

static __always_inline int enqueue(struct task_struct *p)
{
	__u32 tgid = BPF_CORE_READ(p, tgid), pid = BPF_CORE_READ(p, pid);
	if (!pid || (targ_tgid && tgid != targ_tgid))
		return 0;
	__u64 ts = bpf_ktime_get_ns();
	bpf_map_update_elem(&enqueued, &pid, &ts, BPF_ANY);
	return 0;
}

static __always_inline int on_switch(struct task_struct *prev, struct task_struct *next)
{
	if (task_state(prev) == TASK_RUNNING)
		enqueue(prev);

	__u32 pid = BPF_CORE_READ(next, pid);
	__u64 *tsp = bpf_map_lookup_elem(&enqueued, &pid);
	if (!tsp)
		return 0;
	__s64 delta = bpf_ktime_get_ns() - *tsp;
	bpf_map_delete_elem(&enqueued, &pid);
	if (delta < 0)
		return 0;
	delta /= millis ? 1000000 : 1000;

	__u32 key = 0;
	if (key_by == KEY_PID)
		key = BPF_CORE_READ(next, tgid);
	else if (key_by == KEY_TID)
		key = pid;
	else if (key_by == KEY_PIDNS)
		key = BPF_CORE_READ(next, nsproxy, pid_ns_for_children, ns.inum);

	hist_add(&hists, key, delta, NULL);
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
	return on_switch(prev, next);
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
	return on_switch(prev, next);
}

char LICENSE[] SEC("license") = "GPL";
