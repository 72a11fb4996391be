// SPDX-License-Identifier: GPL-2.0
/* biotop: block I/O by process and disk, summed per interval (count,
 * bytes, latency from issue to completion), as BCC's biotop. */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "common.bpf.h"
#include "blkwho.bpf.h"
#include "biotop.h"

BPF_MAP(counts, BPF_MAP_TYPE_HASH, struct biotop_key, struct biotop_val, 10240);

static __always_inline int on_done(void *ctx, struct request *rq)
{
	struct blk_done d;
	if (!blk_take(rq, &d))
		return 0; /* issued before tracing began */
	/* An I/O whose queueing was not seen counts as PID 0, as in BCC. */
	struct biotop_key key = { .pid = d.pid, .write = d.k.write, .major = d.k.dev >> 20,
				  .minor = d.k.dev & ((1 << 20) - 1) };
	if (targ_tgid && key.pid != targ_tgid)
		return 0;
	__builtin_memcpy(key.name, d.comm, sizeof(key.name));
	static const struct biotop_val zero;
	struct biotop_val *v = bpf_map_lookup_elem(&counts, &key);
	if (!v) {
		bpf_map_update_elem(&counts, &key, &zero, BPF_NOEXIST);
		v = bpf_map_lookup_elem(&counts, &key);
	}
	if (v) {
		__sync_fetch_and_add(&v->us, (bpf_ktime_get_ns() - d.issued) / 1000);
		__sync_fetch_and_add(&v->bytes, d.len);
		__sync_fetch_and_add(&v->io, 1);
	}
	return 0;
}

BLK_WHO_PROGRAMS
BLK_COMPLETE_PROGRAMS(on_done)

char LICENSE[] SEC("license") = "GPL";
