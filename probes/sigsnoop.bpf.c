// SPDX-License-Identifier: GPL-2.0
/* sigsnoop: every signal the kernel generates (kill, tgkill, faults, child
 * exits, timers...), with sender, target and what became of it. */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "common.bpf.h"
#include "sigsnoop.h"

const volatile __u32 targ_tgid = 0;
const volatile bool failed_only = false;
const volatile int signals[SIGSNOOP_MAX_SIGNALS] = {}; /* 0: any */

static __always_inline int on_signal(void *ctx, int sig, struct task_struct *task, int result)
{
	__u32 tgid = bpf_get_current_pid_tgid() >> 32;
	if (targ_tgid && tgid != targ_tgid)
		return 0;
	if (failed_only && result == 0)
		return 0;
	if (signals[0]) {
		bool match = false;
		for (int i = 0; i < SIGSNOOP_MAX_SIGNALS; i++)
			if (signals[i] && signals[i] == sig)
				match = true;
		if (!match)
			return 0;
	}
	struct sig_event e = { .pid = tgid, .tpid = BPF_CORE_READ(task, pid), .sig = sig, .result = result };
	bpf_get_current_comm(e.comm, sizeof(e.comm));
	bpf_probe_read_kernel_str(e.tcomm, sizeof(e.tcomm), task->comm);
	events_output(ctx, &e, sizeof(e));
	return 0;
}

SEC("tp_btf/signal_generate")
int BPF_PROG(generate_btf, int sig, struct kernel_siginfo *info, struct task_struct *task, int group, int result)
{
	return on_signal(ctx, sig, task, result);
}

SEC("raw_tp/signal_generate")
int BPF_PROG(generate_raw, int sig, struct kernel_siginfo *info, struct task_struct *task, int group, int result)
{
	return on_signal(ctx, sig, task, result);
}

char LICENSE[] SEC("license") = "GPL";
