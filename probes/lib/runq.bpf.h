/* Run queue bookkeeping shared by runqlat and runqslower: when each task
 * became runnable (woken, new, or preempted while runnable), and how long
 * it waited once it runs.  The including program defines
 *   static __always_inline bool runq_wanted(__u32 tgid, __u32 pid);
 * and gets the four wakeup programs (tp_btf and raw_tp) from
 * RUNQ_WAKEUP_PROGRAMS. */
#ifndef BPFKIT_PROBES_RUNQ_BPF_H
#define BPFKIT_PROBES_RUNQ_BPF_H
#include "task.bpf.h"
#include "twins.bpf.h"

#define RUNQ_TASK_RUNNING 0

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, __u32);
	__type(value, __u64);
} runq_enqueued SEC(".maps");

static __always_inline int runq_enqueue(struct task_struct *p)
{
	__u32 tgid = BPF_CORE_READ(p, tgid), pid = BPF_CORE_READ(p, pid);
	if (!pid || !runq_wanted(tgid, pid))
		return 0;
	__u64 ts = bpf_ktime_get_ns();
	bpf_map_update_elem(&runq_enqueued, &pid, &ts, BPF_ANY);
	return 0;
}

/* At a switch: prev goes back to waiting if still runnable; returns how
 * many ns next waited, or -1 when its wait was not being tracked. */
static __always_inline __s64 runq_switch(struct task_struct *prev, struct task_struct *next)
{
	if (task_state(prev) == RUNQ_TASK_RUNNING)
		runq_enqueue(prev);
	__u32 pid = BPF_CORE_READ(next, pid);
	__u64 *tsp = bpf_map_lookup_elem(&runq_enqueued, &pid);
	if (!tsp)
		return -1;
	__s64 delta = bpf_ktime_get_ns() - *tsp;
	bpf_map_delete_elem(&runq_enqueued, &pid);
	return delta < 0 ? -1 : delta;
}

#define RUNQ_WAKEUP_PROGRAMS                                                       \
	BTF_RAW_TWINS(sched_wakeup, wakeup, runq_enqueue(p), struct task_struct *p) \
	BTF_RAW_TWINS(sched_wakeup_new, wakeup_new, runq_enqueue(p), struct task_struct *p)

#endif
