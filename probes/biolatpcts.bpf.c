// SPDX-License-Identifier: GPL-2.0
/* biolatpcts: one disk's I/O latencies, by operation, in the coarse and
 * fine slots BCC's biolatpcts computes percentiles from.  The request
 * carries its own start times, so one tracepoint is enough. */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "common.bpf.h"
#include "block.bpf.h"
#include "twins.bpf.h"
#include "biolatpcts.h"

const volatile int which = BIOLAT_ON_DEVICE;

/* Cumulative: user space reports the difference since its last look. */
__u64 rwdf_100ms[BIOLATPCTS_SLOTS] = {}, rwdf_1ms[BIOLATPCTS_SLOTS] = {}, rwdf_10us[BIOLATPCTS_SLOTS] = {};

static __always_inline int on_complete(struct request *rq)
{
	if (blk_rq_dev(rq) != targ_dev)
		return 0;
	__u64 start;
	if (which == BIOLAT_FROM_ALLOC) {
		if (!bpf_core_field_exists(rq->alloc_time_ns))
			return 0;
		start = BPF_CORE_READ(rq, alloc_time_ns);
	} else if (which == BIOLAT_AFTER_ALLOC) {
		start = BPF_CORE_READ(rq, start_time_ns);
	} else {
		start = BPF_CORE_READ(rq, io_start_time_ns);
	}
	if (!start)
		return 0; /* not stamped (no queue statistics on this disk) */
	__u32 base;
	switch (BPF_CORE_READ(rq, cmd_flags) & BLK_REQ_OP_MASK) {
	case REQ_OP_READ: base = 0; break;
	case REQ_OP_WRITE: base = 100; break;
	case REQ_OP_DISCARD: base = 200; break;
	case REQ_OP_FLUSH: base = 300; break;
	default: return 0;
	}
	__u64 dur = bpf_ktime_get_ns() - start, slot = dur / 100000000;
	slot = slot > 99 ? 99 : slot;
	__sync_fetch_and_add(&rwdf_100ms[base + slot], 1);
	if (slot)
		return 0;
	slot = dur / 1000000;
	slot = slot > 99 ? 99 : slot;
	__sync_fetch_and_add(&rwdf_1ms[base + slot], 1);
	if (slot)
		return 0;
	slot = dur / 10000;
	slot = slot > 99 ? 99 : slot;
	__sync_fetch_and_add(&rwdf_10us[base + slot], 1);
	return 0;
}

BTF_RAW_TWINS(block_rq_complete, rq_complete, on_complete(rq), struct request *rq, int error,
	      unsigned int nr_bytes)

char LICENSE[] SEC("license") = "GPL";
