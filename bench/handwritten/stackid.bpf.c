// SPDX-License-Identifier: GPL-2.0
/* Baselines for bench/stack_cost.sh: the least a kernel-stack counter can
 * do, with the classic stack-trace map and bpf_get_stackid (BCC's
 * stackcount, bpftrace's @[kstack]) and with bpfkit's hash-keyed store
 * (probes/lib/stackstore.bpf.h); counts keyed by stack id. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "stackstore.bpf.h"

struct {
	__uint(type, BPF_MAP_TYPE_STACK_TRACE);
	__uint(max_entries, 16384);
	__type(key, __u32);
	__uint(value_size, 127 * sizeof(__u64));
} traces SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 40960);
	__type(key, __s64);
	__type(value, __u64);
} counts SEC(".maps");

static __always_inline void count(__s64 id)
{
	__u64 *v = bpf_map_lookup_elem(&counts, &id);
	if (v) {
		__sync_fetch_and_add(v, 1);
	} else {
		__u64 one = 1;
		bpf_map_update_elem(&counts, &id, &one, BPF_NOEXIST);
	}
}

SEC("tracepoint/syscalls/sys_enter_read")
int by_stackid(void *ctx)
{
	count(bpf_get_stackid(ctx, &traces, 0));
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_read")
int by_hash(void *ctx)
{
	count(stack_store(ctx, 0));
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
