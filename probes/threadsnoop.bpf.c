// SPDX-License-Identifier: GPL-2.0
/* threadsnoop: pthread_create() calls with the new thread's start routine. */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "common.bpf.h"
#include "threadsnoop.h"

const volatile __u32 targ_tgid = 0;

SEC("uprobe")
int BPF_UPROBE(pthread_create_uprobe, void *thread, void *attr, void *start)
{
	__u32 tgid = bpf_get_current_pid_tgid() >> 32;
	if (targ_tgid && tgid != targ_tgid)
		return 0;
	struct thread_event e = { .ts = bpf_ktime_get_ns(), .start = (__u64)start, .pid = tgid };
	bpf_get_current_comm(e.comm, sizeof(e.comm));
	events_output(ctx, &e, sizeof(e));
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
