// SPDX-License-Identifier: GPL-2.0
/* profile: sample stacks on a timer (perf cpu-clock) and count them in the
 * kernel. */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "stacks.bpf.h"
#include "targets.bpf.h"
#include "containers.bpf.h"

const volatile bool include_idle = false;

SEC("perf_event")
int do_sample(struct bpf_perf_event_data *ctx)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tgid = id >> 32, tid = (__u32)id;

	if (!include_idle && tid == 0)
		return 0;
	if (!targets_allow(tgid, tid) || !containers_allow())
		return 0;
	stacks_count(ctx, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
