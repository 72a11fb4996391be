/* Timing calls of the functions a pattern names (funclatency, funcslower):
 * what each thread's entries left, a stack of frames, and the call's time
 * at its return.  BCC's nesting rules: by default only the innermost call
 * of nested or recursive ones is timed (an entry replaces the one before);
 * with func_level N > 1 the outermost N levels are.  A tool may keep more
 * in a frame: define FUNC_FRAME_EXTRA (members) before including. */
#ifndef BPFKIT_PROBES_FUNCTIME_BPF_H
#define BPFKIT_PROBES_FUNCTIME_BPF_H
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

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
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
	if (!s->depth)
		bpf_map_delete_elem(&func_stacks, &tid);
	return ret;
}

/* The function's argument i (0-5) and its return value, from a kprobe's
 * registers or, btf, an fentry/fexit program's context (core/attach.c
 * uses those only where the kernel has these helpers: 5.17). */
static __always_inline __u64 func_arg(void *ctx, bool btf, int i)
{
	if (btf) {
		__u64 v = 0;
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
		bpf_get_func_ret(ctx, &v);
		return v;
	}
	return PT_REGS_RC((struct pt_regs *)ctx);
}

#endif
