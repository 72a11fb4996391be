// SPDX-License-Identifier: GPL-2.0
/* funccount: count hits per attach point, in the kernel. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

const volatile __u32 targ_tgid = 0;
const volatile __s32 targ_cpu = -1;

/* One counter per attach point; sized by user space before load. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

static __always_inline int on_hit(void *ctx, __u64 cookie)
{
	if (targ_tgid && (bpf_get_current_pid_tgid() >> 32) != targ_tgid)
		return 0;
	if (targ_cpu >= 0 && bpf_get_smp_processor_id() != (__u32)targ_cpu)
		return 0;
	__u32 key = cookie;
	__u64 *n = bpf_map_lookup_elem(&counts, &key);
	if (n)
		__sync_fetch_and_add(n, 1);
	return 0;
}

#define DYNAMIC_SYSCALLS
#define DYNAMIC_RAW_TRACEPOINTS
#include "dynamic.bpf.h"

char LICENSE[] SEC("license") = "GPL";
