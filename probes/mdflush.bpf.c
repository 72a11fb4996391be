// SPDX-License-Identifier: GPL-2.0
/* mdflush: md (software RAID) flush requests, with the process and the md
 * device, as BCC's mdflush.  md_flush_request has no tracepoint: fentry,
 * else kprobe. */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "common.bpf.h"
#include "block.bpf.h"
#include "mdflush.h"

static __always_inline int on_flush(void *ctx, struct bio *bio)
{
	struct mdflush_event e = { .pid = bpf_get_current_pid_tgid() >> 32 };
	struct bio___bi_disk *old = (void *)bio;
	struct gendisk *disk;
	if (bpf_core_field_exists(old->bi_disk))
		disk = BPF_CORE_READ(old, bi_disk);
	else
		disk = BPF_CORE_READ(bio, bi_bdev, bd_disk);
	BPF_CORE_READ_STR_INTO(&e.disk, disk, disk_name);
	bpf_get_current_comm(e.comm, sizeof(e.comm));
	events_output(ctx, &e, sizeof(e));
	return 0;
}

SEC("fentry/md_flush_request")
int BPF_PROG(flush_fentry, void *mddev, struct bio *bio)
{
	return on_flush(ctx, bio);
}

SEC("kprobe/md_flush_request")
int BPF_KPROBE(flush_kprobe, void *mddev, struct bio *bio)
{
	return on_flush(ctx, bio);
}

char LICENSE[] SEC("license") = "GPL";
