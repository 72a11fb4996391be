// SPDX-License-Identifier: GPL-2.0
/* stackcount: count the stacks that lead to each hit of the traced
 * functions, tracepoints or USDT probes, in the kernel. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "stacks.bpf.h"

const volatile __u32 targ_tgid = 0;
const volatile __s32 targ_cpu = -1;

static __always_inline int on_hit(void *ctx, __u64 cookie)
{
	if (targ_tgid && (bpf_get_current_pid_tgid() >> 32) != targ_tgid)
		return 0;
	if (targ_cpu >= 0 && bpf_get_smp_processor_id() != (__u32)targ_cpu)
		return 0;
	stacks_count(ctx, 1);
	return 0;
}

#include "dynamic.bpf.h"

char LICENSE[] SEC("license") = "GPL";
