// SPDX-License-Identifier: GPL-2.0
/* funcslower: the calls of the functions the patterns name that took at
 * least min_ns, each with its time, return value, first arguments and
 * stacks, as BCC's funcslower.  Timing is probes/lib/functime.bpf.h's,
 * with the arguments kept in each call's frame. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#define FUNC_FRAME_EXTRA __u64 args[FUNCSLOWER_MAX_ARGS];
#include "funcslower.h"
#include "functime.bpf.h"
#include "eventstack.bpf.h"

const volatile __u64 min_ns = 1000000; /* BCC's default: 1 ms */
const volatile bool grab_args = false, kernel_stack = false, user_stack = false;

/* Too big for the BPF stack. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct funcslower_event);
} scratch SEC(".maps");

/* -K by kprobes: the kernel stack taken at the entry, less the function's
 * own frame, which is the stack a return sees.  At a kretprobe the stack
 * walk may stop at its trampoline (5.10's unwinder: one frame,
 * kretprobe_trampoline).  By thread: only the innermost call is timed.
 * The C side sizes it to 1 entry without -K. */
struct entry_kstack {
	__u64 ips[FUNCSLOWER_STACK_DEPTH];
	long bytes;
};
static const struct entry_kstack entry_kstack_zero;
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32);
	__type(value, struct entry_kstack);
} entry_kstacks SEC(".maps");

static __always_inline void entry_stack(void *ctx)
{
	__u32 tid = bpf_get_current_pid_tgid();
	struct entry_kstack *k = bpf_map_lookup_elem(&entry_kstacks, &tid);
	if (!k) {
		bpf_map_update_elem(&entry_kstacks, &tid, &entry_kstack_zero, BPF_NOEXIST);
		k = bpf_map_lookup_elem(&entry_kstacks, &tid);
		if (!k)
			return;
	}
	k->bytes = bpf_get_stack(ctx, k->ips, sizeof(k->ips), 1);
}

/* Only kernel and user functions are attached (core/functime.c refuses
 * the rest). */
static __always_inline int on_call(void *ctx, __u64 cookie, bool btf)
{
	struct func_frame *f = func_enter(cookie);
	if (!f)
		return 0;
	if (kernel_stack && !btf)
		entry_stack(ctx);
	if (!grab_args)
		return 0;
	for (int i = 0; i < FUNCSLOWER_MAX_ARGS; i++)
		f->args[i] = func_arg(ctx, btf, i);
	return 0;
}

static __always_inline int on_return(void *ctx, bool btf)
{
	struct func_frame f;
	__u64 delta;
	if (func_exit(&f, &delta) || delta < min_ns)
		return 0;
	__u32 zero = 0;
	struct funcslower_event *e = bpf_map_lookup_elem(&scratch, &zero);
	if (!e)
		return 0;
	__u64 id = bpf_get_current_pid_tgid();
	e->idx = f.idx;
	e->start_ns = f.ts;
	e->duration_ns = delta;
	e->retval = func_ret(ctx, btf);
	for (int i = 0; i < FUNCSLOWER_MAX_ARGS; i++)
		e->args[i] = grab_args ? f.args[i] : 0;
	e->pid = id >> 32;
	e->tid = id;
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	EVENT_STACKS(ctx, kernel_stack && btf, user_stack, e->kstack, e->ustack, &e->nkstack, &e->nustack);
	if (kernel_stack && !btf) {
		__u32 tid = id;
		struct entry_kstack *k = bpf_map_lookup_elem(&entry_kstacks, &tid);
		long bytes = k ? k->bytes : 0;
		if (bytes > 0 && bytes <= sizeof(e->kstack) && !bpf_probe_read_kernel(e->kstack, sizeof(e->kstack), k->ips))
			e->nkstack = bytes / 8;
	}
	/* Without stacks the record ends before them. */
	events_output(ctx, e, kernel_stack || user_stack ? sizeof(*e) : offsetof(struct funcslower_event, kstack));
	return 0;
}

#define DYNAMIC_RETURNS
#include "dynamic.bpf.h"

char LICENSE[] SEC("license") = "GPL";
