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

/* vfs_unlink() took the mount's idmap (its user namespace before 6.3) as
 * its first argument from 5.12 on, as vfs_rename()'s struct renamedata
 * took a member for it (Debian's 5.10 has the struct without one): before,
 * the dentry is its 2nd argument, not its 3rd. */
struct renamedata___userns {
	void *old_mnt_userns;
};
struct renamedata___idmap {
	void *old_mnt_idmap;
};
struct renamedata___one {
	void *mnt_idmap;
};

static __always_inline bool unlink_has_idmap(void)
{
	return bpf_core_field_exists(struct renamedata___userns, old_mnt_userns) ||
	       bpf_core_field_exists(struct renamedata___idmap, old_mnt_idmap) ||
	       bpf_core_field_exists(struct renamedata___one, mnt_idmap);
}

/* Raw arguments: the verifier checks each one read against the kernel's
 * prototype, so only the branch this kernel keeps may read them. */
SEC("fentry/vfs_unlink")
int unlink_fentry(unsigned long long *ctx)
{
	if (unlink_has_idmap())
		return unlink_entry((struct dentry *)ctx[2]);
	return unlink_entry((struct dentry *)ctx[1]);
}

SEC("kprobe/vfs_unlink")
int unlink_kprobe(struct pt_regs *ctx)
{
	if (unlink_has_idmap())
		return unlink_entry((struct dentry *)PT_REGS_PARM3(ctx));
	return unlink_entry((struct dentry *)PT_REGS_PARM2(ctx));
}

SEC("fexit/vfs_unlink")
int unlink_fexit(unsigned long long *ctx)
{
	if (unlink_has_idmap())
		return unlink_return(ctx, (int)ctx[4]);
	return unlink_return(ctx, (int)ctx[3]);
}

SEC("kretprobe/vfs_unlink")
int BPF_KRETPROBE(unlink_kretprobe, int ret)
{
	return unlink_return(ctx, ret);
}

char LICENSE[] SEC("license") = "GPL";
