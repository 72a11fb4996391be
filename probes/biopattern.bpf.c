// SPDX-License-Identifier: GPL-2.0
/* biopattern: per disk, how many completed I/Os started where the disk's
 * previous one ended (sequential) and how many did not (random), as
 * BCC's biopattern. */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "common.bpf.h"
#include "block.bpf.h"
#include "twins.bpf.h"
#include "biopattern.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32);
	__type(value, struct biopattern_counter);
} counters SEC(".maps");

static __always_inline int on_complete(struct request *rq, unsigned int nr_bytes)
{
	__u32 dev = blk_rq_dev(rq);
	if (!blk_wanted(dev))
		return 0;
	/* The tracepoint's own sector and size: what has just completed. */
	__u64 sector = BPF_CORE_READ(rq, __sector), nr_sector = nr_bytes >> 9;
	static const struct biopattern_counter zero;
	struct biopattern_counter *c = bpf_map_lookup_elem(&counters, &dev);
	if (!c) {
		bpf_map_update_elem(&counters, &dev, &zero, BPF_NOEXIST);
		c = bpf_map_lookup_elem(&counters, &dev);
		if (!c)
			return 0;
	}
	if (c->last_sector) {
		if (c->last_sector == sector)
			__sync_fetch_and_add(&c->sequential, 1);
		else
			__sync_fetch_and_add(&c->random, 1);
		__sync_fetch_and_add(&c->bytes, nr_sector * 512);
	}
	c->last_sector = sector + nr_sector;
	return 0;
}

BTF_RAW_TWINS(block_rq_complete, rq_complete, on_complete(rq, nr_bytes), struct request *rq, int error,
	      unsigned int nr_bytes)

char LICENSE[] SEC("license") = "GPL";
