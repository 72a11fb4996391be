// SPDX-License-Identifier: GPL-2.0
/* shmsnoop: System V shared memory calls, their arguments and results. */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "common.bpf.h"
#include "twins.bpf.h"
#include "shmsnoop.h"

#define NR_shmget 29 /* x86_64 */
#define NR_shmat 30
#define NR_shmctl 31
#define NR_shmdt 67

const volatile __u32 targ_tgid = 0, targ_tid = 0;
const volatile bool failed_only = false;
const volatile bool raw_shmget = false, raw_shmat = false, raw_shmdt = false, raw_shmctl = false;

BPF_MAP(pending, BPF_MAP_TYPE_HASH, __u32, struct shm_event, 10240);

static __always_inline int on_enter(__u32 sys, __u64 a0, __u64 a1, __u64 a2)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tid = id;
	if ((targ_tgid && id >> 32 != targ_tgid) || (targ_tid && tid != targ_tid))
		return 0;
	struct shm_event e = { .ts = bpf_ktime_get_ns(), .args = { a0, a1, a2 }, .pid = id >> 32, .tid = tid, .sys = sys };
	bpf_map_update_elem(&pending, &tid, &e, BPF_ANY);
	return 0;
}

/* The call's record, out with its result unless -x leaves a success out. */
static __always_inline int on_exit(void *ctx, long ret)
{
	__u32 tid = bpf_get_current_pid_tgid();
	struct shm_event *e = bpf_map_lookup_elem(&pending, &tid);
	bool shown = e && (ret < 0 || !failed_only);
	if (shown) {
		e->ret = ret;
		bpf_get_current_comm(e->comm, sizeof(e->comm));
		events_output(ctx, e, sizeof(*e));
	}
	if (e)
		bpf_map_delete_elem(&pending, &tid);
	return 0;
}

/* shmdt's record has one argument: reading past it fails the attach. */
#define SHM_TP(call, sys, a1, a2)                                                          \
	SYSCALL_ENTER(call)                                                                \
	{                                                                                  \
		return on_enter(sys, ctx->args[0], a1, a2);                                \
	}                                                                                  \
	SYSCALL_EXIT(call)                                                                 \
	{                                                                                  \
		return on_exit(ctx, ctx->ret);                                             \
	}
SHM_TP(shmget, SHM_SYS_GET, ctx->args[1], ctx->args[2])
SHM_TP(shmat, SHM_SYS_AT, ctx->args[1], ctx->args[2])
SHM_TP(shmdt, SHM_SYS_DT, 0, 0)
SHM_TP(shmctl, SHM_SYS_CTL, ctx->args[1], ctx->args[2])

/* The raw ones serve the calls that have no tracepoint: x86_64's numbers
 * in SHM_SYS_* order. */
static __always_inline int raw_sys(long nr)
{
	const long nrs[] = { NR_shmget, NR_shmat, NR_shmdt, NR_shmctl };
	const bool raw[] = { raw_shmget, raw_shmat, raw_shmdt, raw_shmctl };
	for (int i = 0; i < 4; i++)
		if (nr == nrs[i])
			return raw[i] ? i : -1;
	return -1;
}

RAW_SYSCALL_ENTER(shm)
{
	int sys = raw_sys(id);
	if (sys < 0)
		return 0;
	return on_enter(sys, PT_REGS_PARM1_CORE_SYSCALL(regs), PT_REGS_PARM2_CORE_SYSCALL(regs),
			PT_REGS_PARM3_CORE_SYSCALL(regs));
}

RAW_SYSCALL_EXIT(shm)
{
	if (raw_sys(BPF_CORE_READ(regs, orig_ax)) < 0)
		return 0;
	return on_exit(ctx, ret);
}

char LICENSE[] SEC("license") = "GPL";
