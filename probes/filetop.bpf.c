// SPDX-License-Identifier: GPL-2.0
/* filetop: reads and writes per thread and file through vfs_read and
 * vfs_write, as BCC's filetop: fentry where the kernel has trampolines,
 * kprobes otherwise.  User space prints and clears the map each interval. */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "common.bpf.h"
#include "filetop.h"
#include "vfsrw.bpf.h"

#define S_IFMT 00170000
#define S_IFREG 0100000
#define S_IFSOCK 0140000

const volatile __u32 targ_tgid = 0;
const volatile bool all_files = false;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, struct filetop_key);
	__type(value, struct filetop_val);
} counts SEC(".maps");

static const struct filetop_val zero;

static __always_inline int account(struct file *fp, __u64 bytes, bool is_read)
{
	__u64 id = bpf_get_current_pid_tgid();
	if (targ_tgid && id >> 32 != targ_tgid)
		return 0;
	__u32 mode = BPF_CORE_READ(fp, f_inode, i_mode) & S_IFMT;
	if (!all_files && mode != S_IFREG)
		return 0;
	struct qstr name = BPF_CORE_READ(fp, f_path.dentry, d_name);
	if (!name.len)
		return 0;
	struct filetop_key key = { .ino = BPF_CORE_READ(fp, f_inode, i_ino),
				   .dev = BPF_CORE_READ(fp, f_inode, i_sb, s_dev), .tid = (__u32)id };
	struct filetop_val *v = bpf_map_lookup_elem(&counts, &key);
	if (!v) {
		bpf_map_update_elem(&counts, &key, &zero, BPF_NOEXIST);
		v = bpf_map_lookup_elem(&counts, &key);
		if (!v)
			return 0;
		v->name_len = name.len;
		v->type = mode == S_IFREG ? 'R' : mode == S_IFSOCK ? 'S' : 'O';
		bpf_get_current_comm(v->comm, sizeof(v->comm));
		bpf_probe_read_kernel_str(v->name, sizeof(v->name), name.name);
	}
	VFS_RW_ADD(v, is_read, bytes);
	return 0;
}

VFS_RW_PROGRAMS(account)

char LICENSE[] SEC("license") = "GPL";
