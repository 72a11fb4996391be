// SPDX-License-Identifier: GPL-2.0
/* exitsnoop: every process (or thread) that ends, with its exit code or the
 * signal that killed it, and its age. */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "common.bpf.h"
#include "exitsnoop.h"

const volatile __u32 targ_tgid = 0;
const volatile bool per_thread = false;
const volatile bool failed_only = false;

static __always_inline int on_exit(void *ctx, struct task_struct *task)
{
	__u32 tgid = BPF_CORE_READ(task, tgid), tid = BPF_CORE_READ(task, pid);
	/* A process ends when its leader does, unless threads are asked for. */
	if (!per_thread && tid != tgid)
		return 0;
	if (targ_tgid && tgid != targ_tgid)
		return 0;
	int code = BPF_CORE_READ(task, exit_code);
	if (failed_only && code == 0)
		return 0;
	struct exit_event e = {};
	e.start_time = BPF_CORE_READ(task, start_time);
	e.exit_time = bpf_ktime_get_ns();
	e.pid = tgid;
	e.tid = tid;
	e.ppid = BPF_CORE_READ(task, real_parent, tgid);
	e.exit_code = code >> 8;
	e.sig_info = code & 0xff;
	bpf_probe_read_kernel_str(e.comm, sizeof(e.comm), task->comm);
	events_output(ctx, &e, sizeof(e));
	return 0;
}

SEC("tp_btf/sched_process_exit")
int BPF_PROG(exit_btf, struct task_struct *p)
{
	return on_exit(ctx, p);
}

SEC("raw_tp/sched_process_exit")
int BPF_PROG(exit_raw, struct task_struct *p)
{
	return on_exit(ctx, p);
}

/* The classic tracepoint names no task: it is the current one. */
SEC("tracepoint/sched/sched_process_exit")
int exit_tp(void *ctx)
{
	return on_exit(ctx, (struct task_struct *)bpf_get_current_task());
}

char LICENSE[] SEC("license") = "GPL";
