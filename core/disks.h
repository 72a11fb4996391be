/* Disk names from the kernel's device numbers, as BCC's block tools show
 * them (vda, loop0, nvme0n1, vda1): the block tracepoints and struct request
 * give a dev_t in the kernel's encoding (major << 20 | minor), users name
 * disks.  The table is read from /sys/class/block (every block device and
 * partition, sized or not), else /proc/partitions (only those with a size). */
#ifndef BPFKIT_CORE_DISKS_H
#define BPFKIT_CORE_DISKS_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/probe.h"

/* The kernel's dev_t, as the block tracepoints' dev field. */
#define DISK_MKDEV(major, minor) (((uint32_t)(major) << 20) | (uint32_t)(minor))

struct disk {
	uint32_t dev;
	char name[32];
};

struct disks {
	struct disk *v;
	size_t n;
};

/* The table from a sysfs class directory (its entries' "dev" files,
 * "MAJOR:MINOR"), else from a /proc/partitions file: 0, or -errno when
 * neither could be read. */
int disks_load(struct disks *d, const char *sysfs_dir, const char *partitions);
/* /proc/partitions' lines ("major minor #blocks name") into the table. */
int disks_parse_partitions(struct disks *d, FILE *f);
void disks_free(struct disks *d);
/* The name of a device, or NULL. */
const char *disks_name(const struct disks *d, uint32_t dev);
/* A name ("vda", "/dev/vda") to its device: 0, or -ENODEV. */
int disks_find(const struct disks *d, const char *name, uint32_t *dev);

/* The running system's table, read at first use and again (at most once
 * a second) when a device is not in it: a disk attached after the tool
 * started is still named.  none is what an unknown device shows. */
const char *disk_name(uint32_t dev, const char *none);
/* A tool's -d DISK: *dev stays as it is for a NULL name; an unknown disk is
 * one line ("no such disk 'sdz'", BCC's words) and -ENODEV. */
int disk_option(const char *name, uint32_t *dev);

/* The block tools' probes (probes/lib/block.bpf.h's BLK_*_PROGRAMS), best
 * first.  A request's start, in the task that submitted it: the
 * block_io_start tracepoint (6.5+), else blk_account_io_start by fentry or
 * kprobe (where it is not inlined), else its first bio's block_bio_queue. */
#define BLOCK_PROBE_START(...)                                                         \
	{ "block I/O start",                                                           \
	  { { PM_TP_BTF, "io_start_btf", "block_io_start" },                           \
	    { PM_FENTRY, "io_start_fentry", "blk_account_io_start" },                  \
	    { PM_KPROBE, "io_start_kprobe", "blk_account_io_start" },                  \
	    { PM_TP_BTF, "bio_queue_btf", "block_bio_queue" },                         \
	    { PM_RAW_TP, "bio_queue_raw", "block_bio_queue" } },                       \
	  __VA_ARGS__ }
#define BLOCK_PROBE_ISSUE(...) PROBE_BTF_RAW("block_rq_issue", "rq_issue", __VA_ARGS__)
/* A request's completion by its driver: block_rq_complete, which comes
 * before the request's bios end (an I/O is counted before its writer
 * returns: what the counting tools need); and its end, after them: the
 * block_io_done tracepoint (6.5+, once per request), else the completion. */
#define BLOCK_PROBE_COMPLETE(...) PROBE_BTF_RAW("block_rq_complete", "rq_complete", __VA_ARGS__)
#define BLOCK_PROBE_DONE(...)                                                          \
	{ "block I/O done",                                                            \
	  { { PM_TP_BTF, "io_done_btf", "block_io_done" },                             \
	    { PM_TP_BTF, "rq_complete_btf", "block_rq_complete" },                     \
	    { PM_RAW_TP, "rq_complete_raw", "block_rq_complete" } },                   \
	  __VA_ARGS__ }
/* Who queued each I/O and its issue (probes/lib/blkwho.bpf.h). */
#define BLOCK_PROBES_WHO BLOCK_PROBE_START(), BLOCK_PROBE_ISSUE()

struct tracer;
/* What a block tool's BPF object (probes/lib/block.bpf.h) needs before
 * load: -d's disk in targ_dev (one line and -ENODEV for an unknown one),
 * and in blk_queue_arg_first whether this kernel's block_rq_issue,
 * block_rq_insert and block_bio_queue still pass the request_queue first
 * (before 5.11, unless backported: Debian's 5.10 has the new form; read
 * from the kernel's BTF only there). */
int block_configure(struct tracer *t, const char *disk);

/* A request's cmd_flags as BCC's biolatency -F names them: the operation,
 * after the flags it has ("Sync-Write", "Metadata-Sync-Read"). */
void block_flags_name(uint32_t flags, char *buf, size_t len);

#endif
