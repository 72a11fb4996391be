// SPDX-License-Identifier: GPL-2.0
/* biosnoop: each block I/O with the process that queued it, its disk,
 * direction, sector, size and latency, as BCC's biosnoop. */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "common.bpf.h"
#include "blkwho.bpf.h"
#include "biosnoop.h"

const volatile bool queued = false, pattern = false;

BPF_MAP(last_sectors, BPF_MAP_TYPE_HASH, __u32, __u64, 1024);

static __always_inline int on_done(void *ctx, struct request *rq)
{
	struct blk_done d;
	if (!blk_take(rq, &d))
		return 0; /* issued before tracing began */
	struct bio_event e = { .ts = bpf_ktime_get_ns(), .sector = d.k.sector, .dev = d.k.dev, .write = d.k.write };
	e.delta = e.ts - d.issued;
	e.len = d.len;
	e.pid = d.pid;
	__builtin_memcpy(e.comm, d.comm, sizeof(e.comm));
	if (!d.queued)
		e.comm[0] = '?';
	else if (queued && d.issued > d.queued)
		e.qdelta = d.issued - d.queued;
	if (pattern) {
		__u64 *last = bpf_map_lookup_elem(&last_sectors, &d.k.dev);
		__u64 next = d.k.sector + e.len / 512;
		if (last)
			e.pattern = *last == d.k.sector ? BIO_SEQUENTIAL : BIO_RANDOM;
		bpf_map_update_elem(&last_sectors, &d.k.dev, &next, BPF_ANY);
	}
	events_output(ctx, &e, sizeof(e));
	return 0;
}

BLK_WHO_PROGRAMS
BLK_DONE_PROGRAMS(on_done)

char LICENSE[] SEC("license") = "GPL";
