// SPDX-License-Identifier: GPL-2.0
/* opensnoop: open(), openat() and openat2(): the path and flags at entry,
 * the file descriptor or error at return. */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "common.bpf.h"
#include "twins.bpf.h"
#include "containers.bpf.h"
#include "pathwalk.bpf.h"
#include "opensnoop.h"

#define NR_open 2
#define NR_openat 257
#define NR_openat2 437
#define AT_FDCWD -100

const volatile __u32 targ_tgid = 0;
const volatile __u32 targ_tid = 0;
const volatile __u32 targ_uid = (__u32)-1;
const volatile bool failed_only = false;
const volatile __u64 flags_mask = 0;
const volatile bool full_path = false;
/* Which syscalls the raw sys_enter/sys_exit fallback reports: only those
 * whose tracepoint path was not chosen, so nothing is counted twice. */
const volatile bool raw_open = false, raw_openat = false, raw_openat2 = false;

struct start {
	const char *fname;
	__u64 flags;
	__u32 mode;
	__s32 dirfd; /* AT_FDCWD for open() */
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, __u32);
	__type(value, struct start);
} starts SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct open_event);
} scratch SEC(".maps");

static __always_inline int on_enter(int dirfd, const char *fname, __u64 flags, __u32 mode)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tid = (__u32)id;

	if (targ_tgid && (id >> 32) != targ_tgid)
		return 0;
	if (targ_tid && tid != targ_tid)
		return 0;
	if (targ_uid != (__u32)-1 && (__u32)bpf_get_current_uid_gid() != targ_uid)
		return 0;
	if (flags_mask && !(flags & flags_mask))
		return 0;
	/* Our own opens are the tracepoint IDs read while attaching, which
	 * BCC's opensnoop, done attaching before it traces, never shows. */
	if (is_self() || !containers_allow())
		return 0;
	struct start s = { .fname = fname, .flags = flags, .mode = mode, .dirfd = dirfd };
	bpf_map_update_elem(&starts, &tid, &s, BPF_ANY);
	return 0;
}

/* The directory a relative name was opened from: the working directory,
 * or for openat(2) a directory descriptor's (BCC always takes the
 * working directory). */
static __always_inline void read_base(struct open_event *e, int dirfd)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct dentry *dentry;
	struct vfsmount *mnt;

	if (dirfd == AT_FDCWD) {
		dentry = BPF_CORE_READ(task, fs, pwd.dentry);
		mnt = BPF_CORE_READ(task, fs, pwd.mnt);
	} else {
		struct fdtable *fdt = BPF_CORE_READ(task, files, fdt);
		struct file *f = NULL, **fds = BPF_CORE_READ(fdt, fd);
		if (dirfd < 0 || (__u32)dirfd >= BPF_CORE_READ(fdt, max_fds) ||
		    bpf_probe_read_kernel(&f, sizeof(f), &fds[dirfd]) || !f) {
			e->dir.state = PATH_WALK_UNKNOWN;
			return;
		}
		dentry = BPF_CORE_READ(f, f_path.dentry);
		mnt = BPF_CORE_READ(f, f_path.mnt);
	}
	path_walk_read(&e->dir, dentry, mnt);
}

static __always_inline int on_exit(void *ctx, long ret)
{
	__u32 zero = 0, tid = (__u32)bpf_get_current_pid_tgid();
	struct start *s = bpf_map_lookup_elem(&starts, &tid);
	struct open_event *e;

	if (!s)
		return 0;
	if (failed_only && ret >= 0)
		goto out;
	e = bpf_map_lookup_elem(&scratch, &zero);
	if (!e)
		goto out;
	e->ts = bpf_ktime_get_ns();
	__u64 id = bpf_get_current_pid_tgid();
	e->pid = id >> 32;
	e->tid = (__u32)id;
	e->uid = (__u32)bpf_get_current_uid_gid();
	e->ret = ret;
	e->flags = s->flags;
	e->mode = s->mode;
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	if (bpf_probe_read_user_str(e->name, sizeof(e->name), s->fname) < 0)
		e->name[0] = 0;
	e->dir.state = PATH_WALK_NONE;
	e->dir.parts = e->dir.size = 0;
	if (full_path && e->name[0] != '/')
		read_base(e, s->dirfd);
	/* Only the part of dir[] in use goes out. */
	events_output(ctx, e, path_walk_record_size(&e->dir, offsetof(struct open_event, dir), sizeof(*e)));
out:
	bpf_map_delete_elem(&starts, &tid);
	return 0;
}

SYSCALL_ENTER(open)
{
	return on_enter(AT_FDCWD, (const char *)ctx->args[0], ctx->args[1], ctx->args[2]);
}

SYSCALL_ENTER(openat)
{
	return on_enter(ctx->args[0], (const char *)ctx->args[1], ctx->args[2], ctx->args[3]);
}

static __always_inline int openat2_enter(int dirfd, const char *fname, struct open_how *how)
{
	__u64 flags = 0, mode = 0;
	bpf_probe_read_user(&flags, sizeof(flags), &how->flags);
	bpf_probe_read_user(&mode, sizeof(mode), &how->mode);
	return on_enter(dirfd, fname, flags, mode);
}

SYSCALL_ENTER(openat2)
{
	return openat2_enter(ctx->args[0], (const char *)ctx->args[1], (struct open_how *)ctx->args[2]);
}

SYSCALL_EXIT(open)
{
	return on_exit(ctx, ctx->ret);
}

SYSCALL_EXIT(openat)
{
	return on_exit(ctx, ctx->ret);
}

SYSCALL_EXIT(openat2)
{
	return on_exit(ctx, ctx->ret);
}

static __always_inline bool raw_wanted(long nr)
{
	return (nr == NR_open && raw_open) || (nr == NR_openat && raw_openat) ||
	       (nr == NR_openat2 && raw_openat2);
}

RAW_SYSCALL_ENTER(open)
{
	if (!raw_wanted(id))
		return 0;
	if (id == NR_open)
		return on_enter(AT_FDCWD, (const char *)PT_REGS_PARM1_CORE_SYSCALL(regs),
				PT_REGS_PARM2_CORE_SYSCALL(regs), PT_REGS_PARM3_CORE_SYSCALL(regs));
	if (id == NR_openat)
		return on_enter(PT_REGS_PARM1_CORE_SYSCALL(regs), (const char *)PT_REGS_PARM2_CORE_SYSCALL(regs),
				PT_REGS_PARM3_CORE_SYSCALL(regs), PT_REGS_PARM4_CORE_SYSCALL(regs));
	return openat2_enter(PT_REGS_PARM1_CORE_SYSCALL(regs), (const char *)PT_REGS_PARM2_CORE_SYSCALL(regs),
			     (struct open_how *)PT_REGS_PARM3_CORE_SYSCALL(regs));
}

RAW_SYSCALL_EXIT(open)
{
	if (!raw_wanted(BPF_CORE_READ(regs, orig_ax)))
		return 0;
	return on_exit(ctx, ret);
}

char LICENSE[] SEC("license") = "GPL";
