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

/* Only kernel and user functions are attached (core/functime.c refuses
 * the rest). */
static __always_inline int on_call(void *ctx, __u64 cookie, bool btf)
{
	struct func_frame *f = func_enter(cookie);
	if (!f || !grab_args)
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
	EVENT_STACKS(ctx, kernel_stack, user_stack, e->kstack, e->ustack, &e->nkstack, &e->nustack);
	/* Without stacks the record ends before them. */
	events_output(ctx, e, kernel_stack || user_stack ? sizeof(*e) : offsetof(struct funcslower_event, kstack));
	return 0;
}

#define DYNAMIC_RETURNS
#include "dynamic.bpf.h"

char LICENSE[] SEC("license") = "GPL";
