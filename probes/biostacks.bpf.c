// SPDX-License-Identifier: GPL-2.0
/* biostacks: block I/O latency (queueing to completion) as log2
 * histograms per process and kernel stack that queued it, as
 * libbpf-tools' biostacks. */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "common.bpf.h"
#include "hist.bpf.h"
#include "block.bpf.h"
#include "biostacks.h"

const volatile bool millis = false;

struct started {
	__u64 ts;
	struct biostacks_key key;
};

/* LRU: where only block_bio_queue shows the start, a bio merged into a
 * request queued before it is never completed under its own key. */
BPF_MAP(starts, BPF_MAP_TYPE_LRU_HASH, struct blk_key, struct started, 10240);

BPF_MAP(hists, BPF_MAP_TYPE_HASH, struct biostacks_key, struct hist, 10240, BPF_F_NO_PREALLOC);

/* Too big for the BPF stack. */
BPF_MAP(scratch, BPF_MAP_TYPE_PERCPU_ARRAY, __u32, struct started, 1);

static __always_inline int started(void *ctx, struct blk_key k)
{
	__u32 zero = 0;
	if (!blk_wanted(k.dev))
		return 0;
	struct started *s = bpf_map_lookup_elem(&scratch, &zero);
	if (!s)
		return 0;
	__builtin_memset(&s->key, 0, sizeof(s->key));
	s->ts = bpf_ktime_get_ns();
	s->key.pid = bpf_get_current_pid_tgid();
	s->key.dev = k.dev;
	s->key.stack_size = bpf_get_stack(ctx, s->key.stack, sizeof(s->key.stack), 0);
	bpf_get_current_comm(s->key.comm, sizeof(s->key.comm));
	bpf_map_update_elem(&starts, &k, s, BPF_ANY);
	return 0;
}

static const struct hist zero_hist;

static __always_inline int on_done(void *ctx, struct request *rq)
{
	struct blk_key k = blk_rq_key(rq);
	struct started *s = bpf_map_lookup_elem(&starts, &k);
	if (!s)
		return 0; /* queued before tracing began */
	__u64 delta = (bpf_ktime_get_ns() - s->ts) / (millis ? 1000000 : 1000);
	struct hist *h = bpf_map_lookup_elem(&hists, &s->key);
	if (!h) {
		bpf_map_update_elem(&hists, &s->key, &zero_hist, BPF_NOEXIST);
		h = bpf_map_lookup_elem(&hists, &s->key);
	}
	if (h) {
		__u32 slot = log2_slot(delta);
		if (slot >= HIST_SLOTS)
			slot = HIST_SLOTS - 1;
		__sync_fetch_and_add(&h->slots[slot], 1);
	}
	bpf_map_delete_elem(&starts, &k);
	return 0;
}

BLK_START_PROGRAMS(started)
BLK_QUEUE_PROGRAMS(started)
BLK_COMPLETE_PROGRAMS(on_done)

char LICENSE[] SEC("license") = "GPL";
