// SPDX-License-Identifier: GPL-2.0
/* dirtop: reads and writes through vfs_read and vfs_write of files under
 * the directories user space chose, counted per directory, as BCC's
 * dirtop: fentry where the kernel has trampolines, kprobes otherwise. */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "common.bpf.h"
#include "dirtop.h"
#include "vfsrw.bpf.h"

const volatile __u32 targ_tgid = 0;

/* The directories watched (user space fills it before attaching). */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, struct dirtop_dir);
	__type(value, __u8);
} dirs SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, struct dirtop_dir);
	__type(value, struct dirtop_val);
} counts SEC(".maps");

static const struct dirtop_val zero;

static __always_inline int account(struct file *fp, __u64 bytes, bool is_read)
{
	if (targ_tgid && bpf_get_current_pid_tgid() >> 32 != targ_tgid)
		return 0;
	struct dirtop_dir d = { .dev = BPF_CORE_READ(fp, f_inode, i_sb, s_dev) };
	struct dentry *de = BPF_CORE_READ(fp, f_path.dentry);
	for (int i = 0; i < DIRTOP_MAX_DEPTH; i++) {
		struct dentry *parent = BPF_CORE_READ(de, d_parent);
		if (!parent || parent == de)
			return 0;
		de = parent;
		d.ino = BPF_CORE_READ(de, d_inode, i_ino);
		if (bpf_map_lookup_elem(&dirs, &d))
			break;
		if (i == DIRTOP_MAX_DEPTH - 1)
			return 0;
	}
	struct dirtop_val *v = bpf_map_lookup_elem(&counts, &d);
	if (!v) {
		bpf_map_update_elem(&counts, &d, &zero, BPF_NOEXIST);
		v = bpf_map_lookup_elem(&counts, &d);
		if (!v)
			return 0;
	}
	VFS_RW_ADD(v, is_read, bytes);
	return 0;
}

VFS_RW_PROGRAMS(account)

char LICENSE[] SEC("license") = "GPL";
