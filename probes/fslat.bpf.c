// SPDX-License-Identifier: GPL-2.0
/* The per-file-system latency tools (fsslower, fsdist, ext4slower,
 * xfsdist, ...): the time each read_iter, write_iter, open and fsync of one
 * file system takes, from entry to return of that file system's own
 * functions.  User space names the functions (cmd/fstool.c): fentry/fexit
 * where the kernel has BPF trampolines, kprobes otherwise.  One object for
 * both forms: events over a threshold (slower), or log2 histograms per
 * operation (dist). */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "common.bpf.h"
#include "hist.bpf.h"

#include "fslat.h"

const volatile __u32 targ_tgid = 0;
const volatile bool dist = false;
const volatile bool millis = false;
const volatile __u64 min_us = 0; /* slower: only operations taking longer */

struct entry {
	__u64 ts;
	__u64 offset;
	struct file *fp;
};

/* By thread: an operation returns on the thread that called it. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 8192);
	__type(key, __u32);
	__type(value, struct entry);
} starts SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, FS_OPS);
	__type(key, __u32);
	__type(value, struct hist);
} hists SEC(".maps");

static __always_inline int enter(struct file *fp, __u64 offset)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tid = id;
	if (targ_tgid && id >> 32 != targ_tgid)
		return 0;
	if (!fp)
		return 0;
	struct entry e = { .ts = bpf_ktime_get_ns(), .offset = offset, .fp = fp };
	bpf_map_update_elem(&starts, &tid, &e, BPF_ANY);
	return 0;
}

static __always_inline int leave(void *ctx, enum fs_op op, long ret)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tid = id;
	struct entry *s = bpf_map_lookup_elem(&starts, &tid);
	if (!s)
		return 0;
	__u64 now = bpf_ktime_get_ns(), delta_ns = now - s->ts;
	struct entry e = *s;
	bpf_map_delete_elem(&starts, &tid);
	if (dist) {
		hist_add(&hists, op, delta_ns / (millis ? 1000000 : 1000), NULL);
		return 0;
	}
	struct fs_event ev = { .end_ns = now, .delta_us = delta_ns / 1000, .size = ret,
			       .offset = e.offset, .off_kb = e.offset >> 10, .pid = id >> 32 };
	if (min_us && ev.delta_us <= min_us)
		return 0;
	ev.type[0] = op == FS_READ ? 'R' : op == FS_WRITE ? 'W' : op == FS_OPEN ? 'O' : 'S';
	struct file *fp = e.fp;
	struct qstr name = BPF_CORE_READ(fp, f_path.dentry, d_name);
	/* As BCC: a file without a name (an anonymous inode) is not shown. */
	if (!name.len)
		return 0;
	bpf_probe_read_kernel_str(ev.file, sizeof(ev.file), name.name);
	bpf_get_current_comm(ev.comm, sizeof(ev.comm));
	events_output(ctx, &ev, sizeof(ev));
	return 0;
}

/* The four operations, each as core/probe.h's PROBE_FENTRY/PROBE_FEXIT
 * chains name them; their targets are set before load. */
SEC("fentry")
int BPF_PROG(read_entry_fentry, struct kiocb *iocb)
{
	return enter(BPF_CORE_READ(iocb, ki_filp), BPF_CORE_READ(iocb, ki_pos));
}
SEC("kprobe")
int BPF_KPROBE(read_entry_kprobe, struct kiocb *iocb)
{
	return enter(BPF_CORE_READ(iocb, ki_filp), BPF_CORE_READ(iocb, ki_pos));
}
SEC("fentry")
int BPF_PROG(write_entry_fentry, struct kiocb *iocb)
{
	return enter(BPF_CORE_READ(iocb, ki_filp), BPF_CORE_READ(iocb, ki_pos));
}
SEC("kprobe")
int BPF_KPROBE(write_entry_kprobe, struct kiocb *iocb)
{
	return enter(BPF_CORE_READ(iocb, ki_filp), BPF_CORE_READ(iocb, ki_pos));
}
SEC("fentry")
int BPF_PROG(open_entry_fentry, struct inode *inode, struct file *file)
{
	return enter(file, 0);
}
SEC("kprobe")
int BPF_KPROBE(open_entry_kprobe, struct inode *inode, struct file *file)
{
	return enter(file, 0);
}
SEC("fentry")
int BPF_PROG(fsync_entry_fentry, struct file *file)
{
	return enter(file, 0);
}
SEC("kprobe")
int BPF_KPROBE(fsync_entry_kprobe, struct file *file)
{
	return enter(file, 0);
}

SEC("fexit")
int BPF_PROG(read_exit_fexit, struct kiocb *iocb, struct iov_iter *to, long ret)
{
	return leave(ctx, FS_READ, ret);
}
SEC("kretprobe")
int BPF_KRETPROBE(read_exit_kretprobe, long ret)
{
	return leave(ctx, FS_READ, ret);
}
SEC("fexit")
int BPF_PROG(write_exit_fexit, struct kiocb *iocb, struct iov_iter *from, long ret)
{
	return leave(ctx, FS_WRITE, ret);
}
SEC("kretprobe")
int BPF_KRETPROBE(write_exit_kretprobe, long ret)
{
	return leave(ctx, FS_WRITE, ret);
}
SEC("fexit")
int BPF_PROG(open_exit_fexit, struct inode *inode, struct file *file, int ret)
{
	return leave(ctx, FS_OPEN, ret);
}
SEC("kretprobe")
int BPF_KRETPROBE(open_exit_kretprobe, int ret)
{
	return leave(ctx, FS_OPEN, ret);
}
SEC("fexit")
int BPF_PROG(fsync_exit_fexit, struct file *file, loff_t start, loff_t end, int datasync, int ret)
{
	return leave(ctx, FS_FSYNC, ret);
}
SEC("kretprobe")
int BPF_KRETPROBE(fsync_exit_kretprobe, int ret)
{
	return leave(ctx, FS_FSYNC, ret);
}

char LICENSE[] SEC("license") = "GPL";
