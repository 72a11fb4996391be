// SPDX-License-Identifier: GPL-2.0
/* execsnoop: new processes, from execve() entry (path and arguments) and
 * return (result, new comm). */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "common.bpf.h"
#include "twins.bpf.h"
#include "containers.bpf.h"
#include "execsnoop.h"

#define NR_execve 59

const volatile __u32 max_args = 20;
const volatile __u32 targ_uid = (__u32)-1;
const volatile __u32 targ_ppid = 0;
const volatile bool include_failed = false;

/* execve in flight, per thread: filled at entry, sent at return.  Not
 * preallocated: 10240 entries of 7.8 KB would be 80 MB of kernel memory
 * cleared and charged at every start. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, 10240);
	__type(key, __u32);
	__type(value, struct exec_event);
} execs SEC(".maps");

static const struct exec_event empty;

static __always_inline int on_enter(const char *filename, const char *const *argv)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tid = (__u32)id, uid = (__u32)bpf_get_current_uid_gid();
	struct exec_event *e;
	const char *argp;
	int ret;

	if (targ_uid != (__u32)-1 && uid != targ_uid)
		return 0;
	__u32 ppid = BPF_CORE_READ(task, real_parent, tgid);
	if (targ_ppid && ppid != targ_ppid)
		return 0;
	if (!containers_allow())
		return 0;
	if (bpf_map_update_elem(&execs, &tid, &empty, BPF_NOEXIST))
		return 0;
	e = bpf_map_lookup_elem(&execs, &tid);
	if (!e)
		return 0;
	e->pid = id >> 32;
	e->ppid = ppid;
	e->uid = uid;
	e->cpu = bpf_get_smp_processor_id();
	bpf_get_current_comm(e->pcomm, sizeof(e->pcomm));

	ret = bpf_probe_read_user_str(e->args, EXEC_ARGSIZE, filename);
	if (ret < 0)
		ret = 1; /* keep an empty path rather than lose the exec */
	e->args_size = ret;
	e->args_count = 1;

	for (__u32 i = 1; i < EXEC_TOTAL_MAX_ARGS && i <= max_args; i++) {
		if (bpf_probe_read_user(&argp, sizeof(argp), &argv[i]) || !argp)
			return 0;
		if (i == max_args) {
			/* One argument beyond the limit exists: mark truncation. */
			e->args_count++;
			return 0;
		}
		__u32 off = e->args_size;
		if (off > EXEC_ARGS_BUF - EXEC_ARGSIZE)
			return 0;
		ret = bpf_probe_read_user_str(&e->args[off], EXEC_ARGSIZE, argp);
		if (ret < 0)
			return 0;
		e->args_count++;
		e->args_size += ret;
	}
	return 0;
}

static __always_inline int on_exit(void *ctx, long ret)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct exec_event *e = bpf_map_lookup_elem(&execs, &tid);
	if (!e)
		return 0;
	if (ret == 0 || include_failed) {
		e->retval = ret;
		bpf_get_current_comm(e->comm, sizeof(e->comm));
		__u32 size = offsetof(struct exec_event, args) + (e->args_size & (EXEC_ARGS_BUF - 1 | EXEC_ARGS_BUF));
		if (size > sizeof(*e))
			size = sizeof(*e);
		events_output(ctx, e, size);
	}
	bpf_map_delete_elem(&execs, &tid);
	return 0;
}

SYSCALL_ENTER(execve)
{
	return on_enter((const char *)ctx->args[0], (const char *const *)ctx->args[1]);
}

SYSCALL_EXIT(execve)
{
	return on_exit(ctx, ctx->ret);
}

/* Without tracefs syscall events: every syscall entry, filtered by number. */
RAW_SYSCALL_ENTER(execve)
{
	if (id != NR_execve)
		return 0;
	return on_enter((const char *)PT_REGS_PARM1_CORE_SYSCALL(regs),
			(const char *const *)PT_REGS_PARM2_CORE_SYSCALL(regs));
}

RAW_SYSCALL_EXIT(execve)
{
	if (BPF_CORE_READ(regs, orig_ax) != NR_execve)
		return 0;
	return on_exit(ctx, ret);
}

char LICENSE[] SEC("license") = "GPL";
