// SPDX-License-Identifier: GPL-2.0
/* The hand-written baseline for biolatency's per-I/O cost: the least a
 * block latency histogram can do (issue time by request, log2 slot of the
 * delta at completion, one global array). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, struct request *);
	__type(value, __u64);
} start SEC(".maps");

__u64 slots[64];

SEC("tp_btf/block_rq_issue")
int BPF_PROG(issue, struct request *rq)
{
	__u64 ts = bpf_ktime_get_ns();
	bpf_map_update_elem(&start, &rq, &ts, BPF_ANY);
	return 0;
}

SEC("tp_btf/block_rq_complete")
int BPF_PROG(complete, struct request *rq, int error, unsigned int nr_bytes)
{
	__u64 *ts = bpf_map_lookup_elem(&start, &rq);
	if (!ts)
		return 0;
	__u64 us = (bpf_ktime_get_ns() - *ts) / 1000;
	bpf_map_delete_elem(&start, &rq);
	__u32 slot = 0;
	while (us > 1 && slot < 63) {
		us >>= 1;
		slot++;
	}
	__sync_fetch_and_add(&slots[slot & 63], 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
