// SPDX-License-Identifier: GPL-2.0
/* filegone: files deleted (vfs_unlink, vfs_rmdir) or renamed (vfs_rename)
 * and who did it, as BCC's filegone; fentry/fexit where the kernel has
 * trampolines, kprobe/kretprobe otherwise.  A kernel with neither gets the
 * same facts from the unlink, rmdir and rename system calls' tracepoints
 * (the name is the path's last component), which miss what the kernel
 * itself removes (nfsd, overlayfs, io_uring's unlinkat). */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "common.bpf.h"
#include "twins.bpf.h"
#include "filegone.h"

#define NR_rename 82
#define NR_rmdir 84
#define NR_unlink 87
#define NR_unlinkat 263
#define NR_renameat 264
#define NR_renameat2 316

const volatile __u32 targ_tgid = 0;
/* Which syscalls the raw sys_enter/sys_exit fallback serves. */
const volatile bool raw_unlink = false, raw_unlinkat = false, raw_rmdir = false;
const volatile bool raw_rename = false, raw_renameat = false, raw_renameat2 = false;

/* The call in flight, per thread: the event, sent once it succeeded;
 * from the syscalls, with the user's path pointers. */
struct pending {
	struct filegone_event e;
	const char *path, *path2;
};
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, __u32);
	__type(value, struct pending);
} pending SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct pending);
} scratch SEC(".maps");

/* A path read whole, of which the last FILEGONE_NAME_LEN bytes are kept. */
#define PATH_BUF 4096
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, char[PATH_BUF + FILEGONE_NAME_LEN]);
} paths SEC(".maps");

static __always_inline struct pending *start(char action)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 zero = 0;
	if (targ_tgid && (id >> 32) != targ_tgid)
		return NULL;
	struct pending *p = bpf_map_lookup_elem(&scratch, &zero);
	if (!p)
		return NULL;
	p->e.pid = id >> 32;
	p->e.action = action;
	p->e.from_path = 0;
	p->e.fname[0] = p->e.fname2[0] = 0;
	p->path = p->path2 = NULL;
	bpf_get_current_comm(p->e.comm, sizeof(p->e.comm));
	return p;
}

static __always_inline void keep(struct pending *p)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	bpf_map_update_elem(&pending, &tid, p, BPF_ANY);
}

/* BCC skips a dentry without a name. */
static __always_inline bool read_dentry(char *to, struct dentry *d)
{
	if (!BPF_CORE_READ(d, d_name.len))
		return false;
	bpf_probe_read_kernel_str(to, FILEGONE_NAME_LEN, BPF_CORE_READ(d, d_name.name));
	return true;
}

static __always_inline int unlink_entry(struct dentry *d)
{
	struct pending *p = start('D');
	if (p && read_dentry(p->e.fname, d))
		keep(p);
	return 0;
}

static __always_inline int rename_entry(struct dentry *from, struct dentry *to)
{
	struct pending *p = start('R');
	if (p && read_dentry(p->e.fname, from) && read_dentry(p->e.fname2, to))
		keep(p);
	return 0;
}

static __always_inline void read_tail(char *to, const char *user)
{
	__u32 zero = 0;
	char *buf = bpf_map_lookup_elem(&paths, &zero);
	if (!buf)
		return;
	long n = bpf_probe_read_user_str(buf, PATH_BUF, user);
	if (n <= 0)
		return;
	long from = n > FILEGONE_NAME_LEN ? n - FILEGONE_NAME_LEN : 0;
	bpf_probe_read_kernel(to, FILEGONE_NAME_LEN, buf + (from & (PATH_BUF - 1)));
}

/* Success only, as BCC: a failed unlink or rename took nothing away. */
static __always_inline int gone_return(void *ctx, long ret)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct pending *p = bpf_map_lookup_elem(&pending, &tid);
	if (!p)
		return 0;
	if (ret == 0) {
		if (p->e.from_path) {
			read_tail(p->e.fname, p->path);
			if (p->path2)
				read_tail(p->e.fname2, p->path2);
		}
		events_output(ctx, &p->e, sizeof(p->e));
	}
	bpf_map_delete_elem(&pending, &tid);
	return 0;
}

/* vfs_unlink()/vfs_rmdir() took the mount's idmap (its user namespace
 * before 6.3) first from 5.12 on; vfs_rename() a struct renamedata from
 * 5.12 on, before that the dentries as 2nd and 4th arguments. */
struct renamedata___userns {
	void *old_mnt_userns;
};
struct renamedata___idmap {
	void *old_mnt_idmap;
};
struct renamedata___one {
	void *mnt_idmap;
};

static __always_inline bool has_renamedata(void)
{
	return bpf_core_type_exists(struct renamedata);
}

static __always_inline bool has_idmap(void)
{
	return bpf_core_field_exists(struct renamedata___userns, old_mnt_userns) ||
	       bpf_core_field_exists(struct renamedata___idmap, old_mnt_idmap) ||
	       bpf_core_field_exists(struct renamedata___one, mnt_idmap);
}

/* The return value follows the arguments; bpf_get_func_ret() (5.17) knows
 * where, older kernels are told how many arguments there are. */
static __always_inline int fexit_return(unsigned long long *ctx, int nargs)
{
	__u64 ret = 0;
	if (bpf_core_enum_value_exists(enum bpf_func_id, BPF_FUNC_get_func_ret))
		bpf_get_func_ret(ctx, &ret);
	else if (nargs == 2)
		ret = ctx[2];
	else if (nargs == 3)
		ret = ctx[3];
	else if (nargs == 4)
		ret = ctx[4];
	else if (nargs == 1)
		ret = ctx[1];
	else
		ret = ctx[6];
	return gone_return(ctx, (int)ret);
}

static __always_inline int rename_rd(struct renamedata *rd)
{
	return rename_entry(BPF_CORE_READ(rd, old_dentry), BPF_CORE_READ(rd, new_dentry));
}

/* Raw arguments: the verifier checks each one read against the kernel's
 * prototype, so only the branch this kernel keeps may read them. */
#define UNLINK_LIKE(fn, nargs)                                                         \
	SEC("fentry/" #fn)                                                             \
	int fn##_fentry(unsigned long long *ctx)                                       \
	{                                                                              \
		if (has_idmap())                                                       \
			return unlink_entry((struct dentry *)ctx[2]);                  \
		return unlink_entry((struct dentry *)ctx[1]);                          \
	}                                                                              \
	SEC("kprobe/" #fn)                                                             \
	int fn##_kprobe(struct pt_regs *ctx)                                           \
	{                                                                              \
		if (has_idmap())                                                       \
			return unlink_entry((struct dentry *)PT_REGS_PARM3(ctx));      \
		return unlink_entry((struct dentry *)PT_REGS_PARM2(ctx));              \
	}                                                                              \
	SEC("fexit/" #fn)                                                              \
	int fn##_fexit(unsigned long long *ctx)                                        \
	{                                                                              \
		if (has_idmap())                                                       \
			return fexit_return(ctx, nargs + 1);                           \
		return fexit_return(ctx, nargs);                                       \
	}                                                                              \
	SEC("kretprobe/" #fn)                                                          \
	int BPF_KRETPROBE(fn##_kretprobe, int ret)                                     \
	{                                                                              \
		return gone_return(ctx, ret);                                          \
	}

/* Without the idmap: vfs_unlink(dir, dentry, delegated_inode),
 * vfs_rmdir(dir, dentry). */
UNLINK_LIKE(vfs_unlink, 3)
UNLINK_LIKE(vfs_rmdir, 2)

SEC("fentry/vfs_rename")
int vfs_rename_fentry(unsigned long long *ctx)
{
	if (has_renamedata())
		return rename_rd((struct renamedata *)ctx[0]);
	return rename_entry((struct dentry *)ctx[1], (struct dentry *)ctx[3]);
}

SEC("kprobe/vfs_rename")
int vfs_rename_kprobe(struct pt_regs *ctx)
{
	if (has_renamedata())
		return rename_rd((struct renamedata *)PT_REGS_PARM1(ctx));
	return rename_entry((struct dentry *)PT_REGS_PARM2(ctx), (struct dentry *)PT_REGS_PARM4(ctx));
}

SEC("fexit/vfs_rename")
int vfs_rename_fexit(unsigned long long *ctx)
{
	/* Before 5.12: (old_dir, old, new_dir, new, delegated_inode, flags). */
	if (has_renamedata())
		return fexit_return(ctx, 1);
	return fexit_return(ctx, 6);
}

SEC("kretprobe/vfs_rename")
int BPF_KRETPROBE(vfs_rename_kretprobe, int ret)
{
	return gone_return(ctx, ret);
}

/* The syscalls: the paths are read once the call succeeded (the user's
 * memory is the same then), the last component printed by user space. */
static __always_inline int path_entry(char action, const char *path, const char *path2)
{
	struct pending *p = start(action);
	if (!p)
		return 0;
	p->e.from_path = 1;
	p->path = path;
	p->path2 = path2;
	keep(p);
	return 0;
}

SYSCALL_ENTER(unlink) { return path_entry('D', (const char *)ctx->args[0], NULL); }
SYSCALL_ENTER(rmdir) { return path_entry('D', (const char *)ctx->args[0], NULL); }
SYSCALL_ENTER(unlinkat) { return path_entry('D', (const char *)ctx->args[1], NULL); }
SYSCALL_ENTER(rename) { return path_entry('R', (const char *)ctx->args[0], (const char *)ctx->args[1]); }
SYSCALL_ENTER(renameat) { return path_entry('R', (const char *)ctx->args[1], (const char *)ctx->args[3]); }
SYSCALL_ENTER(renameat2) { return path_entry('R', (const char *)ctx->args[1], (const char *)ctx->args[3]); }
SYSCALL_EXIT(unlink) { return gone_return(ctx, ctx->ret); }
SYSCALL_EXIT(rmdir) { return gone_return(ctx, ctx->ret); }
SYSCALL_EXIT(unlinkat) { return gone_return(ctx, ctx->ret); }
SYSCALL_EXIT(rename) { return gone_return(ctx, ctx->ret); }
SYSCALL_EXIT(renameat) { return gone_return(ctx, ctx->ret); }
SYSCALL_EXIT(renameat2) { return gone_return(ctx, ctx->ret); }

/* A 32-bit task's numbers mean other calls (the syscall tracepoints leave
 * those tasks out; so does this). */
#define TS_COMPAT 0x0002

static __always_inline bool raw_serves(long id)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	if (BPF_CORE_READ(task, thread_info.status) & TS_COMPAT)
		return false;
	return (id == NR_unlink && raw_unlink) || (id == NR_rmdir && raw_rmdir) || (id == NR_unlinkat && raw_unlinkat) ||
	       (id == NR_rename && raw_rename) || (id == NR_renameat && raw_renameat) ||
	       (id == NR_renameat2 && raw_renameat2);
}

RAW_SYSCALL_ENTER(gone)
{
	if (!raw_serves(id))
		return 0;
	const char *a0 = (const char *)PT_REGS_PARM1_CORE_SYSCALL(regs);
	const char *a1 = (const char *)PT_REGS_PARM2_CORE_SYSCALL(regs);
	const char *a3 = (const char *)PT_REGS_PARM4_CORE_SYSCALL(regs);
	switch (id) {
	case NR_unlink:
	case NR_rmdir: return path_entry('D', a0, NULL);
	case NR_unlinkat: return path_entry('D', a1, NULL);
	case NR_rename: return path_entry('R', a0, a1);
	}
	return path_entry('R', a1, a3);
}

RAW_SYSCALL_EXIT(gone)
{
	if (!raw_serves(BPF_CORE_READ(regs, orig_ax)))
		return 0;
	return gone_return(ctx, ret);
}

char LICENSE[] SEC("license") = "GPL";
