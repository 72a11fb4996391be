// SPDX-License-Identifier: GPL-2.0
/* syscount: system calls counted (and timed) in the kernel, by syscall or by
 * process. */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "common.bpf.h"
#include "syscount.h"
#include "twins.bpf.h"

#define NR_execve 59 /* x86_64 */
#define NR_execveat 322

const volatile __u32 targ_tgid = 0;
const volatile __u32 targ_tid = 0;
const volatile __u32 targ_ppid = 0;
const volatile __s32 targ_nr = -1;
const volatile bool failed_only = false;
const volatile __s32 targ_errno = 0;
const volatile bool by_process = false;
const volatile bool latency = false;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, __u32);
	__type(value, __u64);
} starts SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, __u32);
	__type(value, struct syscount_val);
} counts SEC(".maps");

static __always_inline bool wanted(__u64 id)
{
	if (targ_tgid && (id >> 32) != targ_tgid)
		return false;
	if (targ_tid && (__u32)id != targ_tid)
		return false;
	if (targ_ppid) {
		struct task_struct *t = (struct task_struct *)bpf_get_current_task();
		if (BPF_CORE_READ(t, real_parent, tgid) != targ_ppid)
			return false;
	}
	return true;
}

static __always_inline int on_enter(long nr)
{
	__u64 id = bpf_get_current_pid_tgid();
	if (!latency || !wanted(id))
		return 0;
	if (targ_nr >= 0 && nr != targ_nr)
		return 0;
	__u32 tid = (__u32)id;
	__u64 ts = bpf_ktime_get_ns();
	bpf_map_update_elem(&starts, &tid, &ts, BPF_ANY);
	return 0;
}

static __always_inline int on_exit(long nr, long ret)
{
	__u64 id = bpf_get_current_pid_tgid(), delta = 0;
	__u32 tid = (__u32)id;

	/* A syscall that never returns here (exit, execve success) has id -1
	 * on some paths; skip it like BCC does. */
	if (nr < 0 || !wanted(id))
		return 0;
	if (targ_nr >= 0 && nr != targ_nr)
		return 0;
	if (failed_only && ret >= 0)
		return 0;
	if (targ_errno && ret != -targ_errno)
		return 0;
	if (latency) {
		__u64 *ts = bpf_map_lookup_elem(&starts, &tid);
		if (!ts)
			return 0;
		delta = bpf_ktime_get_ns() - *ts;
		bpf_map_delete_elem(&starts, &tid);
	}
	__u32 key = by_process ? id >> 32 : (__u32)nr;
	struct syscount_val *v = bpf_map_lookup_elem(&counts, &key);
	if (!v) {
		struct syscount_val zero = {};
		if (by_process)
			bpf_get_current_comm(zero.comm, sizeof(zero.comm));
		bpf_map_update_elem(&counts, &key, &zero, BPF_NOEXIST);
		v = bpf_map_lookup_elem(&counts, &key);
		if (!v)
			return 0;
	}
	/* A process that execs takes its new name, as BCC's -P (it reads
	 * /proc/PID/comm when printing) shows it: a command run by --exec
	 * would otherwise keep the name of the tool that forked it. */
	if (by_process && ret == 0 && (nr == NR_execve || nr == NR_execveat))
		bpf_get_current_comm(v->comm, sizeof(v->comm));
	__sync_fetch_and_add(&v->count, 1);
	if (latency)
		__sync_fetch_and_add(&v->total_ns, delta);
	return 0;
}

BTF_RAW_TWINS(sys_enter, enter, on_enter(nr), struct pt_regs *regs, long nr)
BTF_RAW_TWINS(sys_exit, exit, on_exit(BPF_CORE_READ(regs, orig_ax), ret), struct pt_regs *regs, long ret)

SEC("tracepoint/raw_syscalls/sys_enter")
int enter_tp(struct trace_event_raw_sys_enter *ctx)
{
	return on_enter(ctx->id);
}

SEC("tracepoint/raw_syscalls/sys_exit")
int exit_tp(struct trace_event_raw_sys_exit *ctx)
{
	return on_exit(ctx->id, ctx->ret);
}

char LICENSE[] SEC("license") = "GPL";
