// SPDX-License-Identifier: GPL-2.0
/* offcputime: time tasks spend blocked, summed per stack: the stack is taken
 * when a task switches out, the time is added when it switches back in. */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "twins.bpf.h"
#include "stacks.bpf.h"
#include "taskstate.bpf.h"
#include "targets.bpf.h"

const volatile __u64 min_us = 1, max_us = (__u64)-1;

struct start {
	__u64 ts;
	__u32 tgid;
	struct stack_key key;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, __u32);
	__type(value, struct start);
} starts SEC(".maps");

static __always_inline bool wanted(struct task_struct *t)
{
	if (!targets_allow_task(t))
		return false;
	return !filter_state || state_matches(task_state(t));
}

static __always_inline int on_switch(void *ctx, struct task_struct *prev, struct task_struct *next)
{
	/* The tracepoint runs in prev's context: the stacks taken now are
	 * where prev blocks. */
	if (wanted(prev)) {
		struct start s = { .ts = bpf_ktime_get_ns(), .tgid = BPF_CORE_READ(prev, tgid) };
		__u32 pid = BPF_CORE_READ(prev, pid);
		stacks_key(ctx, &s.key);
		bpf_map_update_elem(&starts, &pid, &s, BPF_ANY);
	}
	__u32 next_pid = BPF_CORE_READ(next, pid);
	struct start *s = bpf_map_lookup_elem(&starts, &next_pid);
	if (!s)
		return 0;
	__u64 delta = (bpf_ktime_get_ns() - s->ts) / 1000;
	if (delta >= min_us && delta <= max_us)
		stacks_add(&s->key, s->tgid, delta);
	bpf_map_delete_elem(&starts, &next_pid);
	return 0;
}

BTF_RAW_TWINS(sched_switch, switch, on_switch(ctx, prev, next), bool preempt, struct task_struct *prev,
	      struct task_struct *next)

char LICENSE[] SEC("license") = "GPL";
