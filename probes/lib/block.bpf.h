/* What the block tools share on the BPF side: a request's (or bio's) disk,
 * direction and sector, read the same way from every kernel's layout, and
 * the -d DISK filter.  Requests are keyed as BCC keys them, by disk, write
 * flag and sector: one key finds the request at its queueing, issue and
 * completion, whichever tracepoint each comes from. */
#ifndef BPFKIT_PROBES_BLOCK_BPF_H
#define BPFKIT_PROBES_BLOCK_BPF_H
#include <bpf/bpf_core_read.h>
#include "twins.bpf.h"

/* Before 5.11 block_rq_issue, block_rq_insert and block_bio_queue had the
 * request_queue as their first argument: the programs then take the
 * second.  Set by core/disks.c's block_configure(); a constant, so the
 * verifier sees one branch. */
const volatile bool blk_queue_arg_first = false;
#define BLK_QUEUE_ARG_FIRST blk_queue_arg_first

/* The kernel's dev_t of the disk the tool traces (-d), 0: every disk. */
const volatile __u32 targ_dev = 0;

/* Before 5.17 a request named its disk itself; before 5.12 a bio did. */
struct request___rq_disk {
	struct gendisk *rq_disk;
} __attribute__((preserve_access_index));
struct bio___bi_disk {
	struct gendisk *bi_disk;
} __attribute__((preserve_access_index));

/* include/linux/blk_types.h: the operation is the low 8 bits. */
#define BLK_REQ_OP_MASK 0xff

struct blk_key {
	__u32 dev;
	__u32 write;
	__u64 sector;
};

static __always_inline __u32 blk_disk_dev(struct gendisk *disk)
{
	return ((__u32)BPF_CORE_READ(disk, major) << 20) | (__u32)BPF_CORE_READ(disk, first_minor);
}

static __always_inline struct gendisk *blk_rq_disk(struct request *rq)
{
	struct request___rq_disk *old = (void *)rq;
	if (bpf_core_field_exists(old->rq_disk))
		return BPF_CORE_READ(old, rq_disk);
	return BPF_CORE_READ(rq, q, disk);
}

static __always_inline __u32 blk_rq_dev(struct request *rq)
{
	return blk_disk_dev(blk_rq_disk(rq));
}

static __always_inline struct blk_key blk_rq_key(struct request *rq)
{
	struct blk_key k = {
		.dev = blk_rq_dev(rq),
		.write = (BPF_CORE_READ(rq, cmd_flags) & BLK_REQ_OP_MASK) == REQ_OP_WRITE,
		.sector = BPF_CORE_READ(rq, __sector),
	};
	return k;
}

/* A bio is keyed by its whole disk (a partition's bio is already remapped
 * to the disk's sectors when block_bio_queue fires), as its request will
 * be. */
static __always_inline struct blk_key blk_bio_key(struct bio *bio)
{
	struct bio___bi_disk *old = (void *)bio;
	struct gendisk *disk;
	if (bpf_core_field_exists(old->bi_disk))
		disk = BPF_CORE_READ(old, bi_disk);
	else
		disk = BPF_CORE_READ(bio, bi_bdev, bd_disk);
	struct blk_key k = {
		.dev = blk_disk_dev(disk),
		.write = (BPF_CORE_READ(bio, bi_opf) & BLK_REQ_OP_MASK) == REQ_OP_WRITE,
		.sector = BPF_CORE_READ(bio, bi_iter.bi_sector),
	};
	return k;
}

static __always_inline bool blk_wanted(__u32 dev)
{
	return !targ_dev || dev == targ_dev;
}

/* The programs of core/disks.h's BLOCK_PROBE_* chains, each calling the
 * tool's function with the program's context and the request's key
 * (START, QUEUE) or the request itself (ISSUE, DONE).
 * A request's start (blk_account_io_start, in the submitting task, once a
 * request, not a merged bio): the block_io_start tracepoint (6.5+), else
 * the function by fentry or kprobe. */
#define BLK_START_PROGRAMS(fn) BLK_START_PROGRAMS_CALL(fn(ctx, blk_rq_key(rq)))
/* The same, call an expression of ctx and the request rq. */
#define BLK_START_PROGRAMS_CALL(call)                                                               \
	ONE_PROG("tp_btf/block_io_start", io_start_btf, call, struct request *rq)                      \
	ONE_PROG("fentry/blk_account_io_start", io_start_fentry, call, struct request *rq)             \
	SEC("kprobe/blk_account_io_start")                                                          \
	int BPF_KPROBE(io_start_kprobe, struct request *rq)                                         \
	{                                                                                           \
		return call;                                                                        \
	}
/* A bio's queueing, the start's last resort. */
#define BLK_QUEUE_PROGRAMS(fn)                                                                      \
	BTF_RAW_TWINS(block_bio_queue, bio_queue,                                                   \
		      BLK_QUEUE_ARG_FIRST ? fn(ctx, blk_bio_key((void *)ctx[1]))                    \
					  : fn(ctx, blk_bio_key((void *)ctx[0])),                   \
		      void *bio)
#define BLK_ISSUE_PROGRAMS(fn)                                                                      \
	BTF_RAW_TWINS(block_rq_issue, rq_issue,                                                     \
		      BLK_QUEUE_ARG_FIRST ? fn(ctx, (void *)ctx[1]) : fn(ctx, (void *)ctx[0]), void *rq)
/* A request's completion by the driver, before its bios end and their
 * waiters wake: an I/O is counted before its writer returns. */
#define BLK_COMPLETE_PROGRAMS(fn)                                                                   \
	BTF_RAW_TWINS(block_rq_complete, rq_complete, fn(ctx, rq), struct request *rq, int error,   \
		      unsigned int nr_bytes)
/* A request's end: block_io_done (6.5+, once per request, after its bios
 * ended), else its completion. */
#define BLK_DONE_PROGRAMS(fn)                                                                       \
	ONE_PROG("tp_btf/block_io_done", io_done_btf, fn(ctx, rq), struct request *rq)                 \
	BLK_COMPLETE_PROGRAMS(fn)

#endif
