// SPDX-License-Identifier: GPL-2.0
/* The classic way to count kernel stacks (BCC's stackcount, bpftrace's
 * @[kstack]): a stack-trace map and bpf_get_stackid, counts keyed by id.
 * The baseline for bench/stack_cost.sh. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_STACK_TRACE);
	__uint(max_entries, 16384);
	__type(key, __u32);
	__uint(value_size, 127 * sizeof(__u64));
} traces SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 40960);
	__type(key, __s32);
	__type(value, __u64);
} counts SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_read")
int count_stacks(void *ctx)
{
	__s32 id = bpf_get_stackid(ctx, &traces, 0);
	__u64 *v = bpf_map_lookup_elem(&counts, &id);
	if (v) {
		__sync_fetch_and_add(v, 1);
	} else {
		__u64 one = 1;
		bpf_map_update_elem(&counts, &id, &one, BPF_NOEXIST);
	}
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
