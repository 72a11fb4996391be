// SPDX-License-Identifier: GPL-2.0
/* wakeuptime: time tasks were blocked, summed by the stack of the task that
 * woke them (the wakeup tracepoint runs in the waker's context). */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "twins.bpf.h"
#include "wakeup.bpf.h"

static __always_inline int on_wakeup(void *ctx, struct task_struct *p)
{
	__u32 pid = BPF_CORE_READ(p, pid);
	struct blocked *b = bpf_map_lookup_elem(&blocked, &pid);
	if (!b)
		return 0;
	__u64 us = (bpf_ktime_get_ns() - b->ts) / 1000;
	bpf_map_delete_elem(&blocked, &pid);
	if (us < min_us || us > max_us)
		return 0;
	struct wakeup_key key = { .t_kstack = -1, .t_ustack = -1, .w_ustack = -1 };
	bpf_get_current_comm(key.waker, sizeof(key.waker));
	BPF_CORE_READ_STR_INTO(&key.target, p, comm);
	key.w_kstack = stack_store(ctx, 0);
	key.tgid = BPF_CORE_READ(p, tgid);
	key.w_tgid = bpf_get_current_pid_tgid() >> 32;
	add(&key, us);
	return 0;
}

BTF_RAW_TWINS(sched_switch, switch, (note_blocked(ctx, prev, false), 0), bool preempt, struct task_struct *prev,
	      struct task_struct *next)
BTF_RAW_TWINS(sched_waking, wakeup, on_wakeup(ctx, p), struct task_struct *p)

char LICENSE[] SEC("license") = "GPL";
