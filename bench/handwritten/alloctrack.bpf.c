// SPDX-License-Identifier: GPL-2.0
/* Hand-written baselines for memleak's per-allocation cost, on libc's
 * malloc and free: a plain count of malloc calls (the cheapest uprobe
 * there is), and the least a leak tracker must do: the size at entry by
 * thread, the address at return into a table, deleted again at free. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#define LIBC "/lib/x86_64-linux-gnu/libc.so.6"

__u64 calls = 0;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, __u32);
	__type(value, __u64);
} sizes SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1000000);
	__type(key, __u64);
	__type(value, __u64);
} live SEC(".maps");

SEC("uprobe/" LIBC ":malloc")
int BPF_UPROBE(count_malloc, size_t size)
{
	__sync_fetch_and_add(&calls, 1);
	return 0;
}

SEC("uprobe/" LIBC ":malloc")
int BPF_UPROBE(track_malloc, size_t size)
{
	__u32 tid = bpf_get_current_pid_tgid();
	__u64 sz = size;
	bpf_map_update_elem(&sizes, &tid, &sz, BPF_ANY);
	return 0;
}

SEC("uretprobe/" LIBC ":malloc")
int BPF_URETPROBE(track_malloc_ret, void *addr)
{
	__u32 tid = bpf_get_current_pid_tgid();
	__u64 *sz = bpf_map_lookup_elem(&sizes, &tid), key = (__u64)addr;
	if (!sz)
		return 0;
	if (addr)
		bpf_map_update_elem(&live, &key, sz, BPF_ANY);
	bpf_map_delete_elem(&sizes, &tid);
	return 0;
}

SEC("uprobe/" LIBC ":free")
int BPF_UPROBE(track_free, void *addr)
{
	__u64 key = (__u64)addr;
	bpf_map_delete_elem(&live, &key);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
