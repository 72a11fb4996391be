// SPDX-License-Identifier: GPL-2.0
/* biolatency: block I/O latency as log2 histograms, from issue (or with
 * -Q from queueing) to completion, as BCC's biolatency. */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "common.bpf.h"
#include "hist.bpf.h"
#include "block.bpf.h"

/* After core's TOOL_BY_PID and TOOL_BY_TID, as cmd/biolatency.c numbers them. */
enum { KEY_NONE, KEY_DISK = 3, KEY_FLAGS };

const volatile bool millis = false, queued = false, extension = false;
const volatile __u32 key_by = KEY_NONE;

__u64 ext_total = 0, ext_count = 0;

/* A request's start by the request itself: nothing read from it per I/O
 * (unless -d, -D or -F ask), and it completes as itself. */
BPF_MAP(starts, BPF_MAP_TYPE_HASH, __u64, __u64, 10240);
/* -Q where only block_bio_queue shows the start: by disk, direction and
 * sector, as the request's will be.  LRU: a bio merged into a request
 * queued before it is never completed under its own key. */
BPF_MAP(bio_starts, BPF_MAP_TYPE_LRU_HASH, struct blk_key, __u64, 10240);

BPF_MAP(hists, BPF_MAP_TYPE_HASH, __u32, struct hist, 4096, BPF_F_NO_PREALLOC);

static __always_inline int rq_started(void *ctx, struct request *rq)
{
	if (targ_dev && blk_rq_dev(rq) != targ_dev)
		return 0;
	__u64 key = (__u64)rq, ts = bpf_ktime_get_ns();
	bpf_map_update_elem(&starts, &key, &ts, BPF_ANY);
	return 0;
}

static __always_inline int bio_started(void *ctx, struct blk_key k)
{
	if (!blk_wanted(k.dev))
		return 0;
	__u64 ts = bpf_ktime_get_ns();
	bpf_map_update_elem(&bio_starts, &k, &ts, BPF_ANY);
	return 0;
}

/* The start's time, taken out of its map; 0: started before tracing began. */
static __always_inline __u64 take_start(struct request *rq)
{
	__u64 key = (__u64)rq, ts;
	__u64 *tsp = bpf_map_lookup_elem(&starts, &key);
	if (tsp) {
		ts = *tsp;
		bpf_map_delete_elem(&starts, &key);
		return ts;
	}
	if (!queued)
		return 0;
	struct blk_key k = blk_rq_key(rq);
	tsp = bpf_map_lookup_elem(&bio_starts, &k);
	if (!tsp)
		return 0;
	ts = *tsp;
	bpf_map_delete_elem(&bio_starts, &k);
	return ts;
}

static __always_inline int on_done(void *ctx, struct request *rq)
{
	__u64 ts = take_start(rq);
	if (!ts)
		return 0;
	__u64 delta = (bpf_ktime_get_ns() - ts) / (millis ? 1000000 : 1000);
	__u32 key = 0;
	if (key_by == KEY_DISK)
		key = blk_rq_dev(rq);
	else if (key_by == KEY_FLAGS)
		key = BPF_CORE_READ(rq, cmd_flags);
	hist_add(&hists, key, delta, NULL);
	if (extension) {
		__sync_fetch_and_add(&ext_total, delta);
		__sync_fetch_and_add(&ext_count, 1);
	}
	return 0;
}

BLK_START_PROGRAMS_CALL(rq_started(ctx, rq))
BLK_QUEUE_PROGRAMS(bio_started)
BLK_ISSUE_PROGRAMS(rq_started)
BLK_COMPLETE_PROGRAMS(on_done)

char LICENSE[] SEC("license") = "GPL";
