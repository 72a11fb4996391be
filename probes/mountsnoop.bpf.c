// SPDX-License-Identifier: GPL-2.0
/* mountsnoop: mount() and umount() system calls, and those of the new
 * mount API, with their arguments and result, as BCC's mountsnoop. */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "common.bpf.h"
#include "containers.bpf.h"
#include "twins.bpf.h"
#include "mountsnoop.h"

#define NR_mount 165 /* x86_64 */
#define NR_umount2 166
#define NR_move_mount 429
#define NR_fsopen 430
#define NR_fsconfig 431
#define NR_fsmount 432

const volatile __u32 targ_tgid = 0;
const volatile bool raw_mount = false, raw_umount = false, raw_fsopen = false, raw_fsconfig = false,
		    raw_fsmount = false, raw_move_mount = false;

/* The call in flight per thread, completed at return. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 10240);
	__type(key, __u32);
	__type(value, struct mount_event);
} pending SEC(".maps");

static const struct mount_event empty;

static __always_inline struct mount_event *on_enter(__u32 call, __u64 flags)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tid = id;
	if (targ_tgid && (id >> 32) != targ_tgid)
		return NULL;
	if (!containers_allow() || bpf_map_update_elem(&pending, &tid, &empty, BPF_ANY))
		return NULL;
	struct mount_event *e = bpf_map_lookup_elem(&pending, &tid);
	if (!e)
		return NULL;
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	e->pid = id >> 32;
	e->tid = tid;
	e->call = call;
	e->flags = flags;
	e->mnt_ns = BPF_CORE_READ(task, nsproxy, mnt_ns, ns.inum);
	e->ppid = BPF_CORE_READ(task, real_parent, tgid);
	BPF_CORE_READ_STR_INTO(&e->pcomm, task, real_parent, comm);
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	return e;
}

static __always_inline int mount_enter(const char *source, const char *target, const char *type, __u64 flags,
				       const char *data)
{
	struct mount_event *e = on_enter(MNT_CALL_MOUNT, flags);
	if (!e)
		return 0;
	bpf_probe_read_user_str(e->source, sizeof(e->source), source);
	bpf_probe_read_user_str(e->target, sizeof(e->target), target);
	bpf_probe_read_user_str(e->type, sizeof(e->type), type);
	/* Not always a string (file systems may take binary data): BCC
	 * reads it as one too. */
	bpf_probe_read_user_str(e->data, sizeof(e->data), data);
	return 0;
}

static __always_inline int umount_enter(const char *target, __u64 flags)
{
	struct mount_event *e = on_enter(MNT_CALL_UMOUNT, flags);
	if (e)
		bpf_probe_read_user_str(e->target, sizeof(e->target), target);
	return 0;
}

static __always_inline int fsopen_enter(const char *fs_name, __u64 flags)
{
	struct mount_event *e = on_enter(MNT_CALL_FSOPEN, flags);
	if (e)
		bpf_probe_read_user_str(e->type, sizeof(e->type), fs_name);
	return 0;
}

static __always_inline int fsconfig_enter(int fd, __u32 cmd, const char *key, const char *value, int aux)
{
	struct mount_event *e = on_enter(MNT_CALL_FSCONFIG, 0);
	if (!e)
		return 0;
	e->fd = fd;
	e->cmd = cmd;
	e->aux = aux;
	bpf_probe_read_user_str(e->source, 32, key);
	/* A string for most commands (a blob or nothing for some), as BCC. */
	bpf_probe_read_user_str(e->data, 32, value);
	return 0;
}

static __always_inline int fsmount_enter(int fs_fd, __u64 flags, __u32 attr_flags)
{
	struct mount_event *e = on_enter(MNT_CALL_FSMOUNT, flags);
	if (e) {
		e->fd = fs_fd;
		e->aux = attr_flags;
	}
	return 0;
}

static __always_inline int move_mount_enter(int from_dfd, const char *from, int to_dfd, const char *to, __u64 flags)
{
	struct mount_event *e = on_enter(MNT_CALL_MOVE_MOUNT, flags);
	if (!e)
		return 0;
	e->fd = from_dfd;
	e->fd2 = to_dfd;
	bpf_probe_read_user_str(e->source, sizeof(e->source), from);
	bpf_probe_read_user_str(e->target, sizeof(e->target), to);
	return 0;
}

static __always_inline int on_exit(void *ctx, long ret)
{
	__u32 tid = bpf_get_current_pid_tgid();
	struct mount_event *e = bpf_map_lookup_elem(&pending, &tid);
	if (!e)
		return 0;
	e->ret = ret;
	events_output(ctx, e, sizeof(*e));
	bpf_map_delete_elem(&pending, &tid);
	return 0;
}

SYSCALL_ENTER(mount)
{
	return mount_enter((const char *)ctx->args[0], (const char *)ctx->args[1], (const char *)ctx->args[2],
			   ctx->args[3], (const char *)ctx->args[4]);
}
SYSCALL_EXIT(mount)
{
	return on_exit(ctx, ctx->ret);
}
SYSCALL_ENTER(umount)
{
	return umount_enter((const char *)ctx->args[0], ctx->args[1]);
}
SYSCALL_EXIT(umount)
{
	return on_exit(ctx, ctx->ret);
}

SYSCALL_ENTER(fsopen)
{
	return fsopen_enter((const char *)ctx->args[0], ctx->args[1]);
}
SYSCALL_EXIT(fsopen)
{
	return on_exit(ctx, ctx->ret);
}
SYSCALL_ENTER(fsconfig)
{
	return fsconfig_enter(ctx->args[0], ctx->args[1], (const char *)ctx->args[2], (const char *)ctx->args[3],
			      ctx->args[4]);
}
SYSCALL_EXIT(fsconfig)
{
	return on_exit(ctx, ctx->ret);
}
SYSCALL_ENTER(fsmount)
{
	return fsmount_enter(ctx->args[0], ctx->args[1], ctx->args[2]);
}
SYSCALL_EXIT(fsmount)
{
	return on_exit(ctx, ctx->ret);
}
SYSCALL_ENTER(move_mount)
{
	return move_mount_enter(ctx->args[0], (const char *)ctx->args[1], ctx->args[2], (const char *)ctx->args[3],
				ctx->args[4]);
}
SYSCALL_EXIT(move_mount)
{
	return on_exit(ctx, ctx->ret);
}

static __always_inline bool raw_wanted(long nr)
{
	return (nr == NR_mount && raw_mount) || (nr == NR_umount2 && raw_umount) || (nr == NR_fsopen && raw_fsopen) ||
	       (nr == NR_fsconfig && raw_fsconfig) || (nr == NR_fsmount && raw_fsmount) ||
	       (nr == NR_move_mount && raw_move_mount);
}

RAW_SYSCALL_ENTER(mount)
{
	if (!raw_wanted(id))
		return 0;
	unsigned long a1 = PT_REGS_PARM1_CORE_SYSCALL(regs), a2 = PT_REGS_PARM2_CORE_SYSCALL(regs),
		      a3 = PT_REGS_PARM3_CORE_SYSCALL(regs), a4 = PT_REGS_PARM4_CORE_SYSCALL(regs),
		      a5 = PT_REGS_PARM5_CORE_SYSCALL(regs);
	if (id == NR_umount2)
		return umount_enter((const char *)a1, a2);
	if (id == NR_fsopen)
		return fsopen_enter((const char *)a1, a2);
	if (id == NR_fsconfig)
		return fsconfig_enter(a1, a2, (const char *)a3, (const char *)a4, a5);
	if (id == NR_fsmount)
		return fsmount_enter(a1, a2, a3);
	if (id == NR_move_mount)
		return move_mount_enter(a1, (const char *)a2, a3, (const char *)a4, a5);
	return mount_enter((const char *)a1, (const char *)a2, (const char *)a3, a4, (const char *)a5);
}
RAW_SYSCALL_EXIT(mount)
{
	if (!raw_wanted(BPF_CORE_READ(regs, orig_ax)))
		return 0;
	return on_exit(ctx, ret);
}

char LICENSE[] SEC("license") = "GPL";
