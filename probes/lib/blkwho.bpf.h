/* Who queued each block I/O and when it was issued, for the tools that
 * show an I/O's process (biosnoop, biotop), as BCC's do: the task that
 * started the request (or, on kernels with neither block_io_start nor
 * blk_account_io_start to probe, queued its bio) is remembered under the
 * request's key, the issue's time and size too, and the tool's completion
 * takes both back in one struct blk_done.  The programs: BLK_WHO_PROGRAMS
 * here, the tool's end with BLK_DONE_PROGRAMS(fn) or
 * BLK_COMPLETE_PROGRAMS(fn); the chains: core/disks.h's BLOCK_PROBES_WHO. */
#ifndef BPFKIT_PROBES_BLKWHO_BPF_H
#define BPFKIT_PROBES_BLKWHO_BPF_H
#include "block.bpf.h"

/* The one process a tool traces (biotop -p), 0: every process. */
const volatile __u32 targ_tgid = 0;

struct blk_who {
	__u64 ts;
	__u32 pid;
	char comm[16];
};
struct blk_issued {
	__u64 ts, len;
};

/* LRU: where only block_bio_queue shows the start, a bio merged into a
 * request queued before it is never completed under its own key. */
BPF_MAP(whos, BPF_MAP_TYPE_LRU_HASH, struct blk_key, struct blk_who, 10240);
BPF_MAP(issues, BPF_MAP_TYPE_HASH, struct blk_key, struct blk_issued, 10240);

static __always_inline int blk_who(void *ctx, struct blk_key k)
{
	struct blk_who w = { .ts = bpf_ktime_get_ns(), .pid = bpf_get_current_pid_tgid() >> 32 };
	if (!blk_wanted(k.dev) || (targ_tgid && w.pid != targ_tgid))
		return 0;
	bpf_get_current_comm(w.comm, sizeof(w.comm));
	bpf_map_update_elem(&whos, &k, &w, BPF_ANY);
	return 0;
}

static __always_inline int blk_issue(void *ctx, struct request *rq)
{
	struct blk_key k = blk_rq_key(rq);
	if (!blk_wanted(k.dev))
		return 0;
	struct blk_issued is = { .ts = bpf_ktime_get_ns(), .len = BPF_CORE_READ(rq, __data_len) };
	bpf_map_update_elem(&issues, &k, &is, BPF_ANY);
	return 0;
}

/* What a completion learns.  queued 0: who queued it was not seen (pid 0,
 * comm empty). */
struct blk_done {
	struct blk_key k;
	__u64 issued, queued, len;
	__u32 pid;
	char comm[16];
};

/* The request's issue and queueing, removed from the maps: false when it
 * was issued before tracing began. */
static __always_inline bool blk_take(struct request *rq, struct blk_done *d)
{
	__builtin_memset(d, 0, sizeof(*d));
	d->k = blk_rq_key(rq);
	struct blk_issued *is = bpf_map_lookup_elem(&issues, &d->k);
	if (!is)
		return false;
	d->issued = is->ts;
	d->len = is->len;
	bpf_map_delete_elem(&issues, &d->k);
	struct blk_who *w = bpf_map_lookup_elem(&whos, &d->k);
	if (w) {
		d->queued = w->ts;
		d->pid = w->pid;
		__builtin_memcpy(d->comm, w->comm, sizeof(d->comm));
		bpf_map_delete_elem(&whos, &d->k);
	}
	return true;
}

#define BLK_WHO_PROGRAMS                                                               \
	BLK_START_PROGRAMS(blk_who)                                                    \
	BLK_QUEUE_PROGRAMS(blk_who)                                                    \
	BLK_ISSUE_PROGRAMS(blk_issue)

#endif
