// SPDX-License-Identifier: GPL-2.0
/* vfsstat: counts of VFS calls, by fentry where the kernel has BPF
 * trampolines and kprobes otherwise. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

enum { S_READ, S_WRITE, S_FSYNC, S_OPEN, S_CREATE, S_UNLINK, S_MKDIR, S_RMDIR, S_COUNT };

const volatile __u32 targ_tgid = 0;

/* Running totals, never reset: user space prints differences, so no call
 * is lost between reading and clearing. */
__u64 stats[S_COUNT] = {};

static __always_inline int hit(int which)
{
	if (targ_tgid && (bpf_get_current_pid_tgid() >> 32) != targ_tgid)
		return 0;
	__sync_fetch_and_add(&stats[which], 1);
	return 0;
}

/* Named as core/probe.h's PROBE_FENTRY(fn, fn, fn) expects. */
#define VFS_PROBES(fn, idx)                                   \
	SEC("fentry/" #fn) int BPF_PROG(fn##_fentry) { return hit(idx); } \
	SEC("kprobe/" #fn) int BPF_KPROBE(fn##_kprobe) { return hit(idx); }

VFS_PROBES(vfs_read, S_READ)
VFS_PROBES(vfs_write, S_WRITE)
VFS_PROBES(vfs_fsync_range, S_FSYNC)
VFS_PROBES(vfs_open, S_OPEN)
VFS_PROBES(vfs_create, S_CREATE)
VFS_PROBES(vfs_unlink, S_UNLINK)
VFS_PROBES(vfs_mkdir, S_MKDIR)
VFS_PROBES(vfs_rmdir, S_RMDIR)

char LICENSE[] SEC("license") = "GPL";
