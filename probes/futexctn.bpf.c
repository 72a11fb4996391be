// SPDX-License-Identifier: GPL-2.0
/* futexctn: time threads wait in FUTEX_WAIT that the kernel woke them from
 * (a contended lock), per thread, futex address and user stack. */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "common.bpf.h"
#include "stackstore.bpf.h"
#include "twins.bpf.h"
#include "futexctn.h"

#define NR_futex 202 /* x86_64 */
#define FUTEX_WAIT 0
#define FUTEX_CMD_MASK ~(128 | 256) /* FUTEX_PRIVATE_FLAG, FUTEX_CLOCK_REALTIME */

const volatile __u32 targ_tgid = 0;
const volatile __u32 targ_tid = 0;
const volatile __u64 targ_lock = 0;
const volatile bool millis = false;
const volatile bool summary = false;

struct wait {
	__u64 ts, uaddr;
};

BPF_MAP(waits, BPF_MAP_TYPE_HASH, __u64, struct wait, 10240);
BPF_MAP(locks, BPF_MAP_TYPE_HASH, struct futexctn_key, struct futexctn_val, 10240);

static const struct futexctn_val zero_val;

static __always_inline int on_enter(__u64 uaddr, int op)
{
	if ((op & FUTEX_CMD_MASK) != FUTEX_WAIT)
		return 0;
	__u64 id = bpf_get_current_pid_tgid();
	if ((targ_tgid && id >> 32 != targ_tgid) || (targ_tid && (__u32)id != targ_tid))
		return 0;
	if (targ_lock && uaddr != targ_lock)
		return 0;
	struct wait w = { .ts = bpf_ktime_get_ns(), .uaddr = uaddr };
	bpf_map_update_elem(&waits, &id, &w, BPF_ANY);
	return 0;
}

/* Woken (0): contended; EAGAIN (the word changed before the wait), a
 * timeout or a signal: not a wait for the lock's owner. */
static __always_inline int on_exit(void *ctx, long ret)
{
	__u64 id = bpf_get_current_pid_tgid();
	struct wait *w = bpf_map_lookup_elem(&waits, &id);
	if (!w)
		return 0;
	__u64 delta = bpf_ktime_get_ns() - w->ts;
	struct futexctn_key k = { .pid_tgid = summary ? id >> 32 : id, .uaddr = w->uaddr, .ustack = -1 };
	bpf_map_delete_elem(&waits, &id);
	if (ret < 0)
		return 0;
	if (!summary)
		k.ustack = stack_store(ctx, BPF_F_USER_STACK);
	struct futexctn_val *v = bpf_map_lookup_elem(&locks, &k);
	if (!v) {
		stack_note_pid(id >> 32);
		bpf_map_update_elem(&locks, &k, &zero_val, BPF_NOEXIST);
		v = bpf_map_lookup_elem(&locks, &k);
		if (!v)
			return 0;
		bpf_get_current_comm(v->comm, sizeof(v->comm));
	}
	delta /= millis ? 1000000 : 1000;
	__u32 slot = log2_slot(delta);
	if (slot >= HIST_SLOTS)
		slot = HIST_SLOTS - 1;
	__sync_fetch_and_add(&v->slots[slot], 1);
	__sync_fetch_and_add(&v->contended, 1);
	__sync_fetch_and_add(&v->total, delta);
	/* Racing updates may keep the other CPU's value: a bound, not a sum. */
	if (!v->min || delta < v->min)
		v->min = delta;
	if (delta > v->max)
		v->max = delta;
	return 0;
}

SYSCALL_ENTER(futex)
{
	return on_enter(ctx->args[0], (int)ctx->args[1]);
}

SYSCALL_EXIT(futex)
{
	return on_exit(ctx, ctx->ret);
}

RAW_SYSCALL_ENTER(futex)
{
	if (id != NR_futex)
		return 0;
	return on_enter(PT_REGS_PARM1_CORE_SYSCALL(regs), (int)PT_REGS_PARM2_CORE_SYSCALL(regs));
}

RAW_SYSCALL_EXIT(futex)
{
	if (BPF_CORE_READ(regs, orig_ax) != NR_futex)
		return 0;
	return on_exit(ctx, ret);
}

char LICENSE[] SEC("license") = "GPL";
