// SPDX-License-Identifier: GPL-2.0
/* filelife: files created and deleted, with their age.  Entry and return
 * of vfs_unlink go through fentry/fexit where the kernel has trampolines and
 * kprobe/kretprobe otherwise; both paths share the same maps. */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "common.bpf.h"
#include "filelife.h"

const volatile __u32 targ_tgid = 0;

/* Creation time per dentry. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 8192);
	__type(key, struct dentry *);
	__type(value, __u64);
} births SEC(".maps");

/* The dentry an unlink in flight is deleting, per thread. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 8192);
	__type(key, __u32);
	__type(value, struct dentry *);
} unlinking SEC(".maps");

static __always_inline bool wanted(void)
{
	return !targ_tgid || (bpf_get_current_pid_tgid() >> 32) == targ_tgid;
}

static __always_inline int born(struct dentry *dentry)
{
	if (!wanted())
		return 0;
	__u64 ts = bpf_ktime_get_ns();
	bpf_map_update_elem(&births, &dentry, &ts, BPF_ANY);
	return 0;
}

static __always_inline int unlink_entry(struct dentry *dentry)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	if (bpf_map_lookup_elem(&births, &dentry))
		bpf_map_update_elem(&unlinking, &tid, &dentry, BPF_ANY);
	return 0;
}

static __always_inline int unlink_return(void *ctx, int ret)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct dentry **dp = bpf_map_lookup_elem(&unlinking, &tid);
	if (!dp)
		return 0;
	struct dentry *dentry = *dp;
	bpf_map_delete_elem(&unlinking, &tid);
	__u64 *birth = bpf_map_lookup_elem(&births, &dentry);
	if (!birth)
		return 0;
	if (ret == 0) {
		struct filelife_event e = {};
		e.age_ns = bpf_ktime_get_ns() - *birth;
		e.tgid = bpf_get_current_pid_tgid() >> 32;
		bpf_get_current_comm(e.comm, sizeof(e.comm));
		bpf_probe_read_kernel_str(e.file, sizeof(e.file), BPF_CORE_READ(dentry, d_name.name));
		events_output(ctx, &e, sizeof(e));
	}
	bpf_map_delete_elem(&births, &dentry);
	return 0;
}

/* Files created by open(O_CREAT) pass security_inode_create; mknod and
 * friends pass vfs_create.  The dentry is the 2nd and the 3rd argument. */
SEC("fentry/security_inode_create")
int BPF_PROG(create_fentry, struct inode *dir, struct dentry *dentry)
{
	return born(dentry);
}

SEC("kprobe/security_inode_create")
int BPF_KPROBE(create_kprobe, struct inode *dir, struct dentry *dentry)
{
	return born(dentry);
}

SEC("fentry/vfs_unlink")
int BPF_PROG(unlink_fentry, void *idmap, struct inode *dir, struct dentry *dentry)
{
	return unlink_entry(dentry);
}

SEC("kprobe/vfs_unlink")
int BPF_KPROBE(unlink_kprobe, void *idmap, struct inode *dir, struct dentry *dentry)
{
	return unlink_entry(dentry);
}

SEC("fexit/vfs_unlink")
int BPF_PROG(unlink_fexit, void *idmap, struct inode *dir, struct dentry *dentry, struct inode **delegated, int ret)
{
	return unlink_return(ctx, ret);
}

SEC("kretprobe/vfs_unlink")
int BPF_KRETPROBE(unlink_kretprobe, int ret)
{
	return unlink_return(ctx, ret);
}

char LICENSE[] SEC("license") = "GPL";
