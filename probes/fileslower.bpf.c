// SPDX-License-Identifier: GPL-2.0
/* fileslower: synchronous reads and writes through vfs_read and vfs_write
 * slower than a threshold, as BCC's fileslower: fentry/fexit where the
 * kernel has trampolines, kprobe/kretprobe otherwise. */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "common.bpf.h"
#include "fileslower.h"

#define S_IFMT 00170000
#define S_IFREG 0100000

const volatile __u32 targ_tgid = 0;
const volatile __u64 min_us = 0;
const volatile bool all_files = false; /* -a: sockets, FIFOs, ... too */

struct start {
	__u64 ts;
	__u64 size;
	struct file *fp;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 8192);
	__type(key, __u32);
	__type(value, struct start);
} starts SEC(".maps");

static __always_inline int enter(struct file *fp, __u64 count)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tid = id;
	if (targ_tgid && id >> 32 != targ_tgid)
		return 0;
	if (!all_files && (BPF_CORE_READ(fp, f_inode, i_mode) & S_IFMT) != S_IFREG)
		return 0;
	struct start s = { .ts = bpf_ktime_get_ns(), .size = count, .fp = fp };
	bpf_map_update_elem(&starts, &tid, &s, BPF_ANY);
	return 0;
}

static __always_inline int leave(void *ctx, char mode)
{
	__u32 tid = bpf_get_current_pid_tgid();
	struct start *sp = bpf_map_lookup_elem(&starts, &tid);
	if (!sp)
		return 0;
	struct start s = *sp;
	bpf_map_delete_elem(&starts, &tid);
	__u64 now = bpf_ktime_get_ns();
	struct fileslower_event e = { .ts_us = now / 1000, .delta_us = (now - s.ts) / 1000, .size = s.size,
				      .tid = tid, .mode = { mode } };
	if (min_us && e.delta_us <= min_us)
		return 0;
	struct file *fp = s.fp;
	struct qstr name = BPF_CORE_READ(fp, f_path.dentry, d_name);
	if (!name.len)
		return 0;
	bpf_probe_read_kernel_str(e.file, sizeof(e.file), name.name);
	bpf_get_current_comm(e.comm, sizeof(e.comm));
	events_output(ctx, &e, sizeof(e));
	return 0;
}

/* Named as core/probe.h's PROBE_FENTRY/PROBE_FEXIT chains expect. */
SEC("fentry/vfs_read")
int BPF_PROG(vfs_read_fentry, struct file *file, char *buf, size_t count)
{
	return enter(file, count);
}
SEC("kprobe/vfs_read")
int BPF_KPROBE(vfs_read_kprobe, struct file *file, char *buf, size_t count)
{
	return enter(file, count);
}
SEC("fentry/vfs_write")
int BPF_PROG(vfs_write_fentry, struct file *file, const char *buf, size_t count)
{
	return enter(file, count);
}
SEC("kprobe/vfs_write")
int BPF_KPROBE(vfs_write_kprobe, struct file *file, const char *buf, size_t count)
{
	return enter(file, count);
}
SEC("fexit/vfs_read")
int BPF_PROG(vfs_read_fexit)
{
	return leave(ctx, 'R');
}
SEC("kretprobe/vfs_read")
int BPF_KRETPROBE(vfs_read_kretprobe)
{
	return leave(ctx, 'R');
}
SEC("fexit/vfs_write")
int BPF_PROG(vfs_write_fexit)
{
	return leave(ctx, 'W');
}
SEC("kretprobe/vfs_write")
int BPF_KRETPROBE(vfs_write_kretprobe)
{
	return leave(ctx, 'W');
}

char LICENSE[] SEC("license") = "GPL";
