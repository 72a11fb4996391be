// SPDX-License-Identifier: GPL-2.0
/* deadlock: the order in which a process's threads lock mutexes, as BCC's
 * deadlock.  Each lock adds an edge from every mutex the thread holds to
 * the one it locks; user space looks for a cycle in that graph.  Thread
 * creation by sched_process_fork, where BCC uses a kretprobe on clone (and
 * so misses glibc's clone3). */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "common.bpf.h"
#include "stackstore.bpf.h"
#include "twins.bpf.h"
#include "deadlock.h"

const volatile __u32 targ_tgid = 0;

/* Sized from -t, -e and -s before load. */
BPF_MAP(threads, BPF_MAP_TYPE_HASH, __u32, struct deadlock_thread, 65536);
BPF_MAP(edges, BPF_MAP_TYPE_HASH, struct deadlock_edge_key, struct deadlock_edge, 65536);
BPF_MAP(parents, BPF_MAP_TYPE_HASH, __u32, struct deadlock_parent, 65536);

static const struct deadlock_thread no_mutexes;

/* Verified once, not once per program: the walks of the held slots. */
__noinline int acquire(struct pt_regs *ctx, __u64 mutex)
{
	if (!ctx)
		return 0;
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tid = id;
	if (id >> 32 != targ_tgid)
		return 0;
	struct deadlock_thread *t = bpf_map_lookup_elem(&threads, &tid);
	if (!t) {
		bpf_map_update_elem(&threads, &tid, &no_mutexes, BPF_NOEXIST);
		t = bpf_map_lookup_elem(&threads, &tid);
		if (!t)
			return 0;
	}
	/* A recursive mutex locked again: no self edge, as BCC's. */
	for (int i = 0; i < DEADLOCK_MAX_HELD; i++)
		if (t->held[i].mutex == mutex)
			return 0;
	__s64 stack = stack_store(ctx, BPF_F_USER_STACK);
	__u64 uret = 0;
	bpf_probe_read_user(&uret, sizeof(uret), (void *)PT_REGS_SP(ctx));
	struct deadlock_edge e = { .stack2 = stack, .uret2 = uret, .tid = tid };
	bpf_get_current_comm(e.comm, sizeof(e.comm));
	bool added = false;
	for (int i = 0; i < DEADLOCK_MAX_HELD; i++) {
		struct deadlock_held *h = &t->held[i];
		if (!h->mutex) {
			if (!added) {
				h->mutex = mutex;
				h->stack = stack;
				h->uret = uret;
				added = true;
			}
			continue;
		}
		struct deadlock_edge_key k = { .mutex1 = h->mutex, .mutex2 = mutex };
		e.stack1 = h->stack;
		e.uret1 = h->uret;
		bpf_map_update_elem(&edges, &k, &e, BPF_ANY);
	}
	return 0;
}

__noinline int release(__u32 tid, __u64 mutex)
{
	struct deadlock_thread *t = bpf_map_lookup_elem(&threads, &tid);
	if (!t)
		return 0;
	for (int i = 0; i < DEADLOCK_MAX_HELD; i++) {
		if (t->held[i].mutex == mutex) {
			t->held[i].mutex = 0;
			t->held[i].stack = 0;
			t->held[i].uret = 0;
		}
	}
	return 0;
}

SEC("uprobe")
int BPF_UPROBE(acquire_uprobe, void *mutex)
{
	return acquire(ctx, (__u64)mutex);
}

SEC("uprobe")
int BPF_UPROBE(release_uprobe, void *mutex)
{
	__u64 id = bpf_get_current_pid_tgid();
	if (id >> 32 != targ_tgid)
		return 0;
	return release((__u32)id, (__u64)mutex);
}

/* In the parent, at the fork or clone that made child: its user stack is
 * where the thread was created. */
static __always_inline int created(void *ctx, __u32 child)
{
	__u64 id = bpf_get_current_pid_tgid();
	if (id >> 32 != targ_tgid)
		return 0;
	struct deadlock_parent p = { .parent_tid = id };
	p.stack = stack_store(ctx, BPF_F_USER_STACK);
	bpf_get_current_comm(p.comm, sizeof(p.comm));
	bpf_map_update_elem(&parents, &child, &p, BPF_NOEXIST);
	return 0;
}

SEC("tp_btf/sched_process_fork")
int BPF_PROG(fork_btf, struct task_struct *parent, struct task_struct *child)
{
	return created(ctx, child->pid);
}

SEC("raw_tp/sched_process_fork")
int BPF_PROG(fork_raw, struct task_struct *parent, struct task_struct *child)
{
	return created(ctx, BPF_CORE_READ(child, pid));
}

SEC("tracepoint/sched/sched_process_fork")
int fork_tp(struct trace_event_raw_sched_process_fork *ctx)
{
	return created(ctx, ctx->child_pid);
}

char LICENSE[] SEC("license") = "GPL";
