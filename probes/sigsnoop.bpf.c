// SPDX-License-Identifier: GPL-2.0
/* sigsnoop: every signal the kernel generates (kill, tgkill, faults, child
 * exits, timers...), with sender, target and what became of it; with -k
 * (kill_only), the kill(), tkill() and tgkill() calls instead, each with
 * its target as given and the call's result, as libbpf-tools' -k. */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "common.bpf.h"
#include "twins.bpf.h"
#include "sigsnoop.h"

#define NR_kill 62 /* x86_64 */
#define NR_tkill 200
#define NR_tgkill 234

const volatile __u32 targ_tgid = 0;
const volatile bool failed_only = false;
const volatile int signals[SIGSNOOP_MAX_SIGNALS] = {}; /* 0: any */
const volatile bool kill_only = false;
/* Which kill syscalls the raw sys_enter/sys_exit programs stand in for
 * (those whose tracepoints this kernel lacks). */
const volatile bool raw_kill = false, raw_tkill = false, raw_tgkill = false;

/* kill calls in flight, per thread: the event, sent at return.  LRU: a
 * thread that kills itself never returns. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 10240);
	__type(key, __u32);
	__type(value, struct sig_event);
} kills SEC(".maps");

static __always_inline bool wanted(__u32 tgid, int sig)
{
	if (targ_tgid && tgid != targ_tgid)
		return false;
	if (signals[0]) {
		bool match = false;
		for (int i = 0; i < SIGSNOOP_MAX_SIGNALS; i++)
			if (signals[i] && signals[i] == sig)
				match = true;
		if (!match)
			return false;
	}
	return true;
}

static __always_inline int on_signal(void *ctx, int sig, struct task_struct *task, int result)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tgid = id >> 32, tid = id;
	if (kill_only) {
		/* Only to name the target of a kill call in flight, which is
		 * the task with the PID (or TID) it was given. */
		struct sig_event *k = bpf_map_lookup_elem(&kills, &tid);
		if (k && BPF_CORE_READ(task, pid) == k->tpid)
			bpf_probe_read_kernel_str(k->tcomm, sizeof(k->tcomm), task->comm);
		return 0;
	}
	if (failed_only && result == 0)
		return 0;
	if (!wanted(tgid, sig))
		return 0;
	struct sig_event e = { .pid = tgid, .tpid = BPF_CORE_READ(task, pid), .sig = sig, .result = result };
	bpf_get_current_comm(e.comm, sizeof(e.comm));
	bpf_probe_read_kernel_str(e.tcomm, sizeof(e.tcomm), task->comm);
	events_output(ctx, &e, sizeof(e));
	return 0;
}

SEC("tp_btf/signal_generate")
int BPF_PROG(generate_btf, int sig, struct kernel_siginfo *info, struct task_struct *task, int group, int result)
{
	return on_signal(ctx, sig, task, result);
}

SEC("raw_tp/signal_generate")
int BPF_PROG(generate_raw, int sig, struct kernel_siginfo *info, struct task_struct *task, int group, int result)
{
	return on_signal(ctx, sig, task, result);
}

static __always_inline int kill_enter(int tpid, int sig)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tgid = id >> 32, tid = id;
	if (!wanted(tgid, sig))
		return 0;
	/* "N/A" until signal_generate names the target (a failed call, or a
	 * process group, leaves it so). */
	struct sig_event e = { .pid = tgid, .tpid = tpid, .sig = sig, .tcomm = "N/A" };
	bpf_get_current_comm(e.comm, sizeof(e.comm));
	bpf_map_update_elem(&kills, &tid, &e, BPF_ANY);
	return 0;
}

static __always_inline int kill_exit(void *ctx, long ret)
{
	__u32 tid = bpf_get_current_pid_tgid();
	struct sig_event *e = bpf_map_lookup_elem(&kills, &tid);
	if (!e)
		return 0;
	if (!failed_only || ret < 0) {
		e->result = ret;
		events_output(ctx, e, sizeof(*e));
	}
	bpf_map_delete_elem(&kills, &tid);
	return 0;
}

SYSCALL_ENTER(kill)
{
	return kill_enter((int)ctx->args[0], (int)ctx->args[1]);
}

SYSCALL_ENTER(tkill)
{
	return kill_enter((int)ctx->args[0], (int)ctx->args[1]);
}

SYSCALL_ENTER(tgkill)
{
	return kill_enter((int)ctx->args[1], (int)ctx->args[2]); /* the TID */
}

SYSCALL_EXIT(kill)
{
	return kill_exit(ctx, ctx->ret);
}

SYSCALL_EXIT(tkill)
{
	return kill_exit(ctx, ctx->ret);
}

SYSCALL_EXIT(tgkill)
{
	return kill_exit(ctx, ctx->ret);
}

/* Without tracefs syscall events: every syscall, filtered by number. */
RAW_SYSCALL_ENTER(kills)
{
	if ((id == NR_kill && raw_kill) || (id == NR_tkill && raw_tkill))
		return kill_enter((int)PT_REGS_PARM1_CORE_SYSCALL(regs), (int)PT_REGS_PARM2_CORE_SYSCALL(regs));
	if (id == NR_tgkill && raw_tgkill)
		return kill_enter((int)PT_REGS_PARM2_CORE_SYSCALL(regs), (int)PT_REGS_PARM3_CORE_SYSCALL(regs));
	return 0;
}

RAW_SYSCALL_EXIT(kills)
{
	long nr = BPF_CORE_READ(regs, orig_ax);
	if ((nr == NR_kill && raw_kill) || (nr == NR_tkill && raw_tkill) || (nr == NR_tgkill && raw_tgkill))
		return kill_exit(ctx, ret);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
