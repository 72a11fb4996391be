// SPDX-License-Identifier: GPL-2.0
/* pidpersec: new tasks (fork, clone) counted as they are created. */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

/* -p: count only the tasks this process creates (their parent). */
const volatile __u32 targ_tgid = 0;

__u64 forks = 0;

static __always_inline int count(struct task_struct *parent)
{
	if (targ_tgid && BPF_CORE_READ(parent, tgid) != targ_tgid)
		return 0;
	__sync_fetch_and_add(&forks, 1);
	return 0;
}

SEC("tp_btf/sched_process_fork")
int BPF_PROG(fork_btf, struct task_struct *parent, struct task_struct *child)
{
	return count(parent);
}

SEC("raw_tp/sched_process_fork")
int BPF_PROG(fork_raw, struct task_struct *parent, struct task_struct *child)
{
	return count(parent);
}

/* The classic tracepoint runs in the parent. */
SEC("tracepoint/sched/sched_process_fork")
int fork_tp(void *ctx)
{
	return count((struct task_struct *)bpf_get_current_task());
}

char LICENSE[] SEC("license") = "GPL";
