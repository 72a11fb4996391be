// SPDX-License-Identifier: GPL-2.0
/* offwaketime: blocked time summed by the blocked task's stack together
 * with the stack of the task that woke it. */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "twins.bpf.h"
#include "wakeup.bpf.h"

struct waker {
	char comm[16];
	__s64 kstack, ustack;
	__u32 tgid;
};

/* Who woke each task, kept until the task runs again. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, __u32);
	__type(value, struct waker);
} wokeby SEC(".maps");

static __always_inline int on_wakeup(void *ctx, struct task_struct *p)
{
	__u32 pid = BPF_CORE_READ(p, pid);
	if (!bpf_map_lookup_elem(&blocked, &pid))
		return 0;
	struct waker w = { .kstack = -1, .ustack = -1 };
	bpf_get_current_comm(w.comm, sizeof(w.comm));
	if (want_kernel)
		w.kstack = stack_store(ctx, 0);
	if (want_user)
		w.ustack = stack_store(ctx, BPF_F_USER_STACK);
	w.tgid = bpf_get_current_pid_tgid() >> 32;
	bpf_map_update_elem(&wokeby, &pid, &w, BPF_ANY);
	return 0;
}

static __always_inline int on_switch(void *ctx, struct task_struct *prev, struct task_struct *next)
{
	note_blocked(ctx, prev, true);

	__u32 pid = BPF_CORE_READ(next, pid);
	struct blocked *b = bpf_map_lookup_elem(&blocked, &pid);
	if (!b)
		return 0;
	__u64 us = (bpf_ktime_get_ns() - b->ts) / 1000;
	struct wakeup_key key = { .t_kstack = b->kstack, .t_ustack = b->ustack, .w_kstack = -1, .w_ustack = -1 };
	bpf_map_delete_elem(&blocked, &pid);
	if (us < min_us || us > max_us)
		goto out;
	BPF_CORE_READ_STR_INTO(&key.target, next, comm);
	key.tgid = BPF_CORE_READ(next, tgid);
	struct waker *w = bpf_map_lookup_elem(&wokeby, &pid);
	if (w) {
		__builtin_memcpy(key.waker, w->comm, sizeof(key.waker));
		key.w_kstack = w->kstack;
		key.w_ustack = w->ustack;
		key.w_tgid = w->tgid;
	}
	add(&key, us);
out:
	bpf_map_delete_elem(&wokeby, &pid);
	return 0;
}

BTF_RAW_TWINS(sched_switch, switch, on_switch(ctx, prev, next), bool preempt, struct task_struct *prev,
	      struct task_struct *next)
BTF_RAW_TWINS(sched_waking, wakeup, on_wakeup(ctx, p), struct task_struct *p)

char LICENSE[] SEC("license") = "GPL";
