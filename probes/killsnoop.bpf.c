// SPDX-License-Identifier: GPL-2.0
/* killsnoop: kill() system calls, with their signal, target and result. */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "common.bpf.h"
#include "twins.bpf.h"
#include "killsnoop.h"

#define NR_kill 62 /* x86_64 */

const volatile __u32 targ_tgid = 0;
const volatile int targ_tpid = 0;
const volatile bool failed_only = false;
const volatile int signals[KILLSNOOP_MAX_SIGNALS] = {}; /* 0: any */

struct pending {
	int tpid, sig;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, __u32);
	__type(value, struct pending);
} pending SEC(".maps");

static __always_inline int on_enter(int tpid, int sig)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tgid = id >> 32, tid = id;
	if (targ_tgid && tgid != targ_tgid)
		return 0;
	if (targ_tpid && tpid != targ_tpid)
		return 0;
	if (signals[0]) {
		bool match = false;
		for (int i = 0; i < KILLSNOOP_MAX_SIGNALS; i++)
			if (signals[i] && signals[i] == sig)
				match = true;
		if (!match)
			return 0;
	}
	struct pending p = { tpid, sig };
	bpf_map_update_elem(&pending, &tid, &p, BPF_ANY);
	return 0;
}

static __always_inline int on_exit(void *ctx, long ret)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tid = id;
	struct pending *p = bpf_map_lookup_elem(&pending, &tid);
	if (!p)
		return 0;
	struct kill_event e = { .pid = id >> 32, .tpid = p->tpid, .sig = p->sig, .ret = ret };
	bpf_map_delete_elem(&pending, &tid);
	if (failed_only && ret >= 0)
		return 0;
	bpf_get_current_comm(e.comm, sizeof(e.comm));
	events_output(ctx, &e, sizeof(e));
	return 0;
}

SYSCALL_ENTER(kill)
{
	return on_enter((int)ctx->args[0], (int)ctx->args[1]);
}

SYSCALL_EXIT(kill)
{
	return on_exit(ctx, ctx->ret);
}

RAW_SYSCALL_ENTER(kill)
{
	if (id != NR_kill)
		return 0;
	return on_enter((int)PT_REGS_PARM1_CORE_SYSCALL(regs), (int)PT_REGS_PARM2_CORE_SYSCALL(regs));
}

RAW_SYSCALL_EXIT(kill)
{
	if (BPF_CORE_READ(regs, orig_ax) != NR_kill)
		return 0;
	return on_exit(ctx, ret);
}

char LICENSE[] SEC("license") = "GPL";
