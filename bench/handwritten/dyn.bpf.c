// SPDX-License-Identifier: GPL-2.0
/* Hand-written equivalents of what trace and argdist compile at run time,
 * on the read syscall's tracepoint: a count per value of args->count
 * (argdist -C), a log2 histogram of it (argdist -H), and a predicate that
 * never holds (trace's filtering path). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, __u64);
	__type(value, __u64);
} counts SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __u64);
} slots SEC(".maps");

__u64 matched = 0;

SEC("tracepoint/syscalls/sys_enter_read")
int by_count(struct trace_event_raw_sys_enter *ctx)
{
	__u64 key = ctx->args[2], zero = 0, *v = bpf_map_lookup_elem(&counts, &key);
	if (!v) {
		bpf_map_update_elem(&counts, &key, &zero, BPF_NOEXIST);
		v = bpf_map_lookup_elem(&counts, &key);
		if (!v)
			return 0;
	}
	__sync_fetch_and_add(v, 1);
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_read")
int log2_hist(struct trace_event_raw_sys_enter *ctx)
{
	__u64 v = ctx->args[2];
	__u32 slot = 0;
	for (int shift = 32; shift; shift /= 2)
		if (v >> shift) {
			v >>= shift;
			slot += shift;
		}
	__u64 *c = bpf_map_lookup_elem(&slots, &slot);
	if (c)
		__sync_fetch_and_add(c, 1);
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_read")
int never(struct trace_event_raw_sys_enter *ctx)
{
	if (ctx->args[2] == 12345)
		__sync_fetch_and_add(&matched, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
