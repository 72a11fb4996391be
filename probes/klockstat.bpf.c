// SPDX-License-Identifier: GPL-2.0
/* klockstat: how long kernel mutexes and rw_semaphores are waited for and
 * held, per caller stack (or per thread), as libbpf-tools' klockstat.
 *
 * The full path sees every acquisition: the entry and return of the lock
 * functions (fentry/fexit, else kprobe/kretprobe) bracket the wait, and the
 * unlock functions end the hold.  Kernels with neither mechanism but with
 * the lock:contention_begin/contention_end tracepoints (5.19+) get the
 * waits of contended acquisitions only: no tracepoint marks a release, so
 * there are no hold times there. */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "common.bpf.h"
#include "stackstore.bpf.h"
#include "twins.bpf.h"
#include "klockstat.h"

const volatile __u32 targ_tgid = 0;
const volatile __u32 targ_tid = 0;
const volatile __u64 targ_lock = 0;
const volatile bool per_thread = false;

/* A thread between a lock function's entry and return (at most one: the
 * lock functions do not nest), or between contention_begin and _end. */
struct pending {
	__u64 lock, try_at;
	__s64 stack;
};

/* A lock a thread holds: it can hold a given (non-recursive) lock once. */
struct held_key {
	__u64 id, lock;
};
struct held {
	__u64 acq_at;
	__s64 stack;
};

BPF_MAP(pending, BPF_MAP_TYPE_HASH, __u32, struct pending, 10240);
BPF_MAP(held, BPF_MAP_TYPE_HASH, struct held_key, struct held, 102400);
/* Keyed by stack id, or by thread id with -P. */
BPF_MAP(stats, BPF_MAP_TYPE_HASH, __s64, struct klockstat_stat, 10240);

static const struct klockstat_stat zero_stat;

static __always_inline bool traced(__u64 id, __u64 lock)
{
	if (targ_lock && lock != targ_lock)
		return false;
	if (targ_tgid && id >> 32 != targ_tgid)
		return false;
	return !targ_tid || (__u32)id == targ_tid;
}

static __always_inline struct klockstat_stat *stat_of(__u64 id, __s64 stack)
{
	__s64 key = per_thread ? (__s64)(__u32)id : stack;
	struct klockstat_stat *s = bpf_map_lookup_elem(&stats, &key);
	if (s)
		return s;
	bpf_map_update_elem(&stats, &key, &zero_stat, BPF_NOEXIST);
	s = bpf_map_lookup_elem(&stats, &key);
	if (s && per_thread && !s->comm[0])
		bpf_get_current_comm(s->comm, sizeof(s->comm));
	return s;
}

/* Several CPUs add to one line (a stack many threads share; the readers of
 * one rwsem): counts and totals atomically, the max racily (a clobbered max
 * is another real wait). */
static __always_inline void account_wait(__u64 id, __u64 lock, __s64 stack, __u64 delta)
{
	struct klockstat_stat *s = stat_of(id, stack);
	if (!s)
		return;
	__sync_fetch_and_add(&s->acq_count, 1);
	__sync_fetch_and_add(&s->acq_total, delta);
	if (delta > s->acq_max) {
		s->acq_max = delta;
		s->acq_max_id = id;
		s->acq_max_lock = lock;
		bpf_get_current_comm(s->acq_max_comm, sizeof(s->acq_max_comm));
	}
}

static __always_inline int lock_enter(void *ctx, void *lock)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tid = id;
	if (!traced(id, (__u64)lock))
		return 0;
	struct pending p = { .lock = (__u64)lock, .stack = per_thread ? -1 : stack_store(ctx, 0) };
	p.try_at = bpf_ktime_get_ns();
	bpf_map_update_elem(&pending, &tid, &p, BPF_ANY);
	return 0;
}

/* The lock function returned: acquired or not (a failed trylock, a signal
 * in the interruptible and killable forms). */
static __always_inline int lock_exit(bool acquired)
{
	__u64 now = bpf_ktime_get_ns();
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tid = id;
	struct pending *p = bpf_map_lookup_elem(&pending, &tid);
	if (!p)
		return 0;
	struct pending w = *p;
	bpf_map_delete_elem(&pending, &tid);
	if (!acquired)
		return 0;
	account_wait(id, w.lock, w.stack, now - w.try_at);
	struct held_key k = { .id = id, .lock = w.lock };
	struct held h = { .acq_at = now, .stack = w.stack };
	bpf_map_update_elem(&held, &k, &h, BPF_ANY);
	return 0;
}

static __always_inline int lock_release(void *lock)
{
	__u64 now = bpf_ktime_get_ns();
	__u64 id = bpf_get_current_pid_tgid();
	if (!traced(id, (__u64)lock))
		return 0;
	struct held_key k = { .id = id, .lock = (__u64)lock };
	struct held *h = bpf_map_lookup_elem(&held, &k);
	if (!h)
		return 0;
	__u64 delta = now - h->acq_at;
	struct klockstat_stat *s = stat_of(id, h->stack);
	bpf_map_delete_elem(&held, &k);
	if (!s)
		return 0;
	__sync_fetch_and_add(&s->hld_count, 1);
	__sync_fetch_and_add(&s->hld_total, delta);
	if (delta > s->hld_max) {
		s->hld_max = delta;
		s->hld_max_id = id;
		s->hld_max_lock = (__u64)lock;
		bpf_get_current_comm(s->hld_max_comm, sizeof(s->hld_max_comm));
	}
	return 0;
}

/* One lock function: PREFIX_enter_{fentry,kprobe} and, by how its return
 * says it acquired (OK on ret), PREFIX_exit_{fexit,kretprobe}.  The void
 * ones always acquire, and their fexit has no return value to read. */
#define LOCK_FUNC(fn, prefix, OK)                                                             \
	FENTRY_KPROBE_TWINS(fn, prefix##_enter, lock_enter(ctx, lock), void *lock)            \
	SEC("fexit/" #fn)                                                                     \
	int BPF_PROG(prefix##_exit_fexit, void *lock, long ret)                               \
	{                                                                                     \
		return lock_exit(OK);                                                         \
	}                                                                                     \
	SEC("kretprobe/" #fn)                                                                 \
	int BPF_KRETPROBE(prefix##_exit_kretprobe, long ret)                                  \
	{                                                                                     \
		return lock_exit(OK);                                                         \
	}
#define LOCK_FUNC_VOID(fn, prefix)                                                            \
	FENTRY_KPROBE_TWINS(fn, prefix##_enter, lock_enter(ctx, lock), void *lock)            \
	SEC("fexit/" #fn)                                                                     \
	int BPF_PROG(prefix##_exit_fexit)                                                     \
	{                                                                                     \
		return lock_exit(true);                                                       \
	}                                                                                     \
	SEC("kretprobe/" #fn)                                                                 \
	int BPF_KRETPROBE(prefix##_exit_kretprobe)                                            \
	{                                                                                     \
		return lock_exit(true);                                                       \
	}
/* Trylocks return 1 when they acquired; the interruptible and killable
 * forms 0. */
#define TRY_OK (ret == 1)
#define ZERO_OK (ret == 0)

LOCK_FUNC_VOID(mutex_lock, mutex_lock)
LOCK_FUNC(mutex_trylock, mutex_trylock, TRY_OK)
LOCK_FUNC(mutex_lock_interruptible, mutex_lock_interruptible, ZERO_OK)
LOCK_FUNC(mutex_lock_killable, mutex_lock_killable, ZERO_OK)
LOCK_FUNC_VOID(down_read, down_read)
LOCK_FUNC(down_read_trylock, down_read_trylock, TRY_OK)
LOCK_FUNC(down_read_interruptible, down_read_interruptible, ZERO_OK)
LOCK_FUNC(down_read_killable, down_read_killable, ZERO_OK)
LOCK_FUNC_VOID(down_write, down_write)
LOCK_FUNC(down_write_trylock, down_write_trylock, TRY_OK)
LOCK_FUNC(down_write_killable, down_write_killable, ZERO_OK)

FENTRY_KPROBE_TWINS(mutex_unlock, mutex_unlock, lock_release(lock), void *lock)
FENTRY_KPROBE_TWINS(up_read, up_read, lock_release(lock), void *lock)
FENTRY_KPROBE_TWINS(up_write, up_write, lock_release(lock), void *lock)

/* The tracepoint path.  include/trace/events/lock.h's LCB_F_* flags. */
#define LCB_F_SPIN (1U << 0)
#define LCB_F_READ (1U << 1)
#define LCB_F_WRITE (1U << 2)
#define LCB_F_RT (1U << 3)
#define LCB_F_PERCPU (1U << 4)
#define LCB_F_MUTEX (1U << 5)

/* The locks the full path sees: struct mutex (MUTEX, with SPIN while it
 * spins optimistically) and struct rw_semaphore (READ or WRITE alone);
 * not spinlocks and rwlocks (SPIN), rt_mutexes, percpu rwsems or
 * semaphores (0). */
static __always_inline bool mutex_or_rwsem(unsigned int flags)
{
	if (flags & (LCB_F_RT | LCB_F_PERCPU))
		return false;
	if (flags & LCB_F_MUTEX)
		return true;
	return (flags & (LCB_F_READ | LCB_F_WRITE)) && !(flags & LCB_F_SPIN);
}

static __always_inline int contention_begin(void *ctx, void *lock, unsigned int flags)
{
	if (!mutex_or_rwsem(flags))
		return 0;
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tid = id;
	if (!traced(id, (__u64)lock))
		return 0;
	/* A mutex that stops spinning and sleeps begins twice, ends once:
	 * the wait started at the first. */
	struct pending *p = bpf_map_lookup_elem(&pending, &tid);
	if (p && p->lock == (__u64)lock)
		return 0;
	struct pending n = { .lock = (__u64)lock, .stack = per_thread ? -1 : stack_store(ctx, 0) };
	n.try_at = bpf_ktime_get_ns();
	bpf_map_update_elem(&pending, &tid, &n, BPF_ANY);
	return 0;
}

static __always_inline int contention_end(void *lock, int ret)
{
	__u64 now = bpf_ktime_get_ns();
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tid = id;
	struct pending *p = bpf_map_lookup_elem(&pending, &tid);
	if (!p || p->lock != (__u64)lock)
		return 0;
	struct pending w = *p;
	bpf_map_delete_elem(&pending, &tid);
	if (ret) /* -EINTR: interrupted, not acquired */
		return 0;
	account_wait(id, w.lock, w.stack, now - w.try_at);
	return 0;
}

BTF_RAW_TWINS(contention_begin, cbegin, contention_begin(ctx, lock, flags), void *lock, unsigned int flags)
BTF_RAW_TWINS(contention_end, cend, contention_end(lock, ret), void *lock, int ret)

char LICENSE[] SEC("license") = "GPL";
