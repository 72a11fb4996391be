/* Timing calls of the functions a pattern names (funclatency, funcslower):
 * what each thread's entries left, a stack of frames, and the call's time
 * at its return.  BCC's nesting rules: by default only the innermost call
 * of nested or recursive ones is timed (an entry replaces the one before);
 * with func_level N > 1 the outermost N levels are.  A tool may keep more
 * in a frame: define FUNC_FRAME_EXTRA (members) before including. */
#ifndef BPFKIT_PROBES_FUNCTIME_BPF_H
#define BPFKIT_PROBES_FUNCTIME_BPF_H
#include <bpf/bpf_core_read.h>
#include "common.bpf.h"

#define FUNC_MAX_LEVEL 32 /* a power of two: the index is masked by it - 1 */
#ifndef FUNC_FRAME_EXTRA
#define FUNC_FRAME_EXTRA
#endif

const volatile __u32 targ_tgid = 0;
const volatile __u32 func_level = 0;

struct func_frame {
	__u64 ts;
	__u64 idx; /* the attach point's */
	FUNC_FRAME_EXTRA
};

struct func_stack {
	__u32 depth; /* calls entered, also those beyond the levels kept */
	struct func_frame f[FUNC_MAX_LEVEL];
};

static const struct func_stack func_stack_zero;

/* A thread's stack stays between its calls: making and deleting a 516-byte
 * element on every call cost more than the rest of the timing (measured
 * in bench/RESULTS.md); LRU lets threads that are gone make room. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 10240);
	__type(key, __u32);
	__type(value, struct func_stack);
} func_stacks SEC(".maps");

static __always_inline bool func_nested(void)
{
	return func_level > 1;
}

/* The frame for a call of point idx entered now, or NULL when it is not
 * timed (another process, or deeper than the levels kept). */
static __always_inline struct func_frame *func_enter(__u64 idx)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tid = id;
	if (targ_tgid && (id >> 32) != targ_tgid)
		return NULL;
	struct func_stack *s = bpf_map_lookup_elem(&func_stacks, &tid);
	if (!s) {
		bpf_map_update_elem(&func_stacks, &tid, &func_stack_zero, BPF_NOEXIST);
		s = bpf_map_lookup_elem(&func_stacks, &tid);
		if (!s)
			return NULL;
	}
	__u32 d = 0;
	if (func_nested()) {
		d = s->depth++;
		if (d >= func_level || d >= FUNC_MAX_LEVEL)
			return NULL;
	} else {
		s->depth = 1;
	}
	struct func_frame *f = &s->f[d & (FUNC_MAX_LEVEL - 1)];
	f->ts = bpf_ktime_get_ns();
	f->idx = idx;
	return f;
}

/* At a return: 0 with the call's frame in *out and its time in *delta,
 * or -1 when the call was not timed. */
static __always_inline int func_exit(struct func_frame *out, __u64 *delta)
{
	__u64 now = bpf_ktime_get_ns();
	__u32 tid = bpf_get_current_pid_tgid();
	struct func_stack *s = bpf_map_lookup_elem(&func_stacks, &tid);
	if (!s || !s->depth)
		return -1; /* entered before we attached, or not timed */
	__u32 d = --s->depth;
	int ret = -1;
	if (d < func_level || (!func_nested() && !d)) {
		*out = s->f[d & (FUNC_MAX_LEVEL - 1)];
		*delta = now - out->ts;
		ret = 0;
	}
	return ret;
}

/* Kernels with trampolines but without bpf_get_func_arg/ret (5.5 to
 * 5.16): an fentry/fexit program's context is the function's arguments as
 * 64-bit words, the return value after them (fexit), so the word's index
 * is the argument count, which core/attach.c writes here by slot from the
 * function's BTF; the slot program running on this CPU says which slot
 * (trampoline programs do not nest on a CPU). */
#define FUNC_FENTRY_SLOTS 8 /* probes/lib/dynamic.bpf.h's DYNAMIC_FENTRY_SLOTS */
const volatile __u32 func_slot_nargs[FUNC_FENTRY_SLOTS] = {};
/* Each argument's size in bytes (slot * 8 + i): the trampoline saves the
 * whole register, whose upper bits a narrower argument leaves as they were. */
const volatile __u8 func_slot_argsz[FUNC_FENTRY_SLOTS * 8] = {};
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} func_cur_slot SEC(".maps");

static __always_inline bool func_has_arg_helpers(void)
{
	return bpf_core_enum_value_exists(enum bpf_func_id, BPF_FUNC_get_func_ret);
}

static __always_inline void func_slot_enter(__u32 slot)
{
	__u32 zero = 0, *cur;
	if (func_has_arg_helpers())
		return;
	cur = bpf_map_lookup_elem(&func_cur_slot, &zero);
	if (cur)
		*cur = slot;
}

static __always_inline __u32 func_slot(void)
{
	__u32 zero = 0, *cur = bpf_map_lookup_elem(&func_cur_slot, &zero);
	return cur ? *cur & (FUNC_FENTRY_SLOTS - 1) : 0;
}

static __always_inline __u32 func_slot_argc(void)
{
	return func_slot_nargs[func_slot()];
}

/* v, cut to argument i's size in the running slot's function. */
static __always_inline __u64 func_slot_narrow(__u64 v, int i)
{
	__u32 sz = func_slot_argsz[(func_slot() * 8 + i) & (FUNC_FENTRY_SLOTS * 8 - 1)];
	return sz && sz < 8 ? v & ((1ULL << (sz * 8)) - 1) : v;
}

/* Word k (0-6) of a trampoline program's context.  Read by address: the
 * verifier checks a direct ctx[k] against the function's argument count,
 * which it knows and this code does not. */
static __always_inline __u64 func_ctx_word(void *ctx, __u32 k)
{
	__u64 v = 0;
	switch (k) {
	case 0: bpf_probe_read_kernel(&v, sizeof(v), (__u64 *)ctx + 0); break;
	case 1: bpf_probe_read_kernel(&v, sizeof(v), (__u64 *)ctx + 1); break;
	case 2: bpf_probe_read_kernel(&v, sizeof(v), (__u64 *)ctx + 2); break;
	case 3: bpf_probe_read_kernel(&v, sizeof(v), (__u64 *)ctx + 3); break;
	case 4: bpf_probe_read_kernel(&v, sizeof(v), (__u64 *)ctx + 4); break;
	case 5: bpf_probe_read_kernel(&v, sizeof(v), (__u64 *)ctx + 5); break;
	case 6: bpf_probe_read_kernel(&v, sizeof(v), (__u64 *)ctx + 6); break;
	}
	return v;
}

/* The function's argument i (0-5) and its return value, from a kprobe's
 * registers or, btf, an fentry/fexit program's context. */
static __always_inline __u64 func_arg(void *ctx, bool btf, int i)
{
	if (btf) {
		__u64 v = 0;
		if (!func_has_arg_helpers())
			return i < func_slot_argc() ? func_slot_narrow(func_ctx_word(ctx, i), i) : 0;
		bpf_get_func_arg(ctx, i, &v);
		return v;
	}
	struct pt_regs *regs = ctx;
	switch (i) {
	case 0:
		return PT_REGS_PARM1(regs);
	case 1:
		return PT_REGS_PARM2(regs);
	case 2:
		return PT_REGS_PARM3(regs);
	case 3:
		return PT_REGS_PARM4(regs);
	case 4:
		return PT_REGS_PARM5(regs);
	default:
		return PT_REGS_PARM6(regs);
	}
}

static __always_inline __u64 func_ret(void *ctx, bool btf)
{
	if (btf) {
		__u64 v = 0;
		if (!func_has_arg_helpers())
			return func_ctx_word(ctx, func_slot_argc());
		bpf_get_func_ret(ctx, &v);
		return v;
	}
	return PT_REGS_RC((struct pt_regs *)ctx);
}

#endif
