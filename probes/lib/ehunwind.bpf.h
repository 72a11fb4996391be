/* Walking user stacks from unwind tables (probes/lib/ehunwind.h) rather
 * than frame pointers, which code built as distributions build it does not
 * keep: from the task's user registers, up to STACK_MAX_DEPTH frames, each
 * found by the row covering its address (CFA from RSP or RBP, the return
 * address at CFA - 8, the caller's RBP by the row's rule), falling back to
 * a frame-pointer step where a mapping has no table (JIT code, files
 * without CFI).  Needs bpf_loop (5.17) and bpf_task_pt_regs (5.15). */
#ifndef BPFKIT_PROBES_EHUNWIND_BPF_H
#define BPFKIT_PROBES_EHUNWIND_BPF_H
#include "ehunwind.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1); /* sized by user space */
	__type(key, __u32);
	__type(value, struct eh_row);
} eh_rows SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u32); /* TGID */
	__type(value, struct eh_proc);
} eh_procs SEC(".maps");

/* The offsets in the kernel's signal frame (x86_64 rt_sigframe) the
 * interrupted registers are saved at, from the frame's RSP after the
 * handler returned into the trampoline: ucontext's uc_mcontext (after
 * uc_flags, uc_link, uc_stack) then gregs[REG_RBP], [REG_RSP], [REG_RIP]. */
#define EH_UC_MCONTEXT 40
#define EH_UC_RBP (EH_UC_MCONTEXT + 10 * 8)
#define EH_UC_RSP (EH_UC_MCONTEXT + 15 * 8)
#define EH_UC_RIP (EH_UC_MCONTEXT + 16 * 8)

struct eh_walk {
	__u64 ip, sp, bp;
	const struct eh_proc *proc;
	__u64 *out;  /* STACK_MAX_DEPTH slots */
	__u32 n;
	bool ip_is_ra; /* look up ip - 1: a call may be a function's last instruction */
};

static __always_inline const struct eh_mapping *eh_find_mapping(const struct eh_proc *p, __u64 ip)
{
	for (__u32 i = 0; i < EH_MAX_MAPPINGS; i++) {
		if (i >= p->nmaps)
			break;
		const struct eh_mapping *m = &p->maps[i];
		if (ip < m->start)
			break;
		if (ip < m->end)
			return m;
	}
	return NULL;
}

/* The row covering file address addr in m's rows; NULL: none. */
static __always_inline struct eh_row *eh_find_row(const struct eh_mapping *m, __u64 addr)
{
	__u32 lo = m->first, hi = m->first + m->count;
	if (!m->count || addr >= m->table_end)
		return NULL;
	struct eh_row *r = bpf_map_lookup_elem(&eh_rows, &lo);
	if (!r || addr < r->start)
		return NULL;
	/* rows[lo].start <= addr < rows[hi].start */
	for (int i = 0; i < EH_SEARCH_STEPS && hi - lo > 1; i++) {
		__u32 mid = lo + (hi - lo) / 2;
		r = bpf_map_lookup_elem(&eh_rows, &mid);
		if (!r)
			return NULL;
		if (r->start <= addr)
			lo = mid;
		else
			hi = mid;
	}
	if (hi - lo > 1)
		return NULL;
	return bpf_map_lookup_elem(&eh_rows, &lo);
}

static __always_inline int eh_read(__u64 *dst, __u64 addr)
{
	return bpf_probe_read_user(dst, sizeof(*dst), (void *)addr);
}

/* One frame: w's registers become the caller's, its return address
 * appended; 1 ends the walk. */
static long eh_step(__u64 i, void *ctx)
{
	struct eh_walk *w = ctx;
	if (w->n >= STACK_MAX_DEPTH)
		return 1;
	const struct eh_mapping *m = eh_find_mapping(w->proc, w->ip);
	struct eh_row *r = m ? eh_find_row(m, w->ip - w->ip_is_ra - m->bias) : NULL;
	__u8 kind = r ? r->cfa_kind : EH_CFA_NONE;
	__u64 cfa, ra, bp = w->bp;

	switch (kind) {
	case EH_CFA_NONE: /* no table here: the frame-pointer step */
		if (!w->bp)
			return 1;
		cfa = w->bp + 16;
		if (eh_read(&bp, w->bp))
			return 1;
		break;
	case EH_CFA_RSP:
		cfa = w->sp + r->cfa_off;
		break;
	case EH_CFA_RBP:
		cfa = w->bp + r->cfa_off;
		break;
	case EH_CFA_PLT:
		cfa = w->sp + r->cfa_off + ((w->ip & 15) >= (r->rbp_plt >> 4) ? 8 : 0);
		break;
	case EH_CFA_SIGNAL: {
		/* The trampoline's RSP is the ucontext: the interrupted code's
		 * registers, and its ip is where it was, not a return address. */
		__u64 uc = w->sp, ip, sp;
		if (eh_read(&ip, uc + EH_UC_RIP) || eh_read(&sp, uc + EH_UC_RSP) || eh_read(&bp, uc + EH_UC_RBP))
			return 1;
		if (!ip)
			return 1;
		if (w->n < STACK_MAX_DEPTH)
			w->out[w->n] = ip;
		w->n++;
		w->ip = ip;
		w->sp = sp;
		w->bp = bp;
		w->ip_is_ra = false;
		return 0;
	}
	default: /* the outermost frame, or CFI we cannot apply */
		return 1;
	}
	if (kind != EH_CFA_NONE) {
		__u8 rule = r->rbp_plt & 15;
		if (rule == EH_RBP_CFA) {
			if (eh_read(&bp, cfa + r->rbp_off))
				return 1;
		} else if (rule != EH_RBP_SAME) {
			bp = 0; /* unknown: a later frame-pointer step stops */
		}
	}
	if (cfa <= w->sp || eh_read(&ra, cfa - 8) || !ra)
		return 1;
	if (w->n < STACK_MAX_DEPTH)
		w->out[w->n] = ra;
	w->n++;
	w->ip = ra;
	w->sp = cfa;
	w->bp = bp;
	w->ip_is_ra = true;
	return 0;
}

/* The current task's user stack into out[STACK_MAX_DEPTH] (the rest left
 * as it was); the number of frames, 0 when the process has no tables
 * loaded or the task has no user registers. */
static __always_inline __u32 eh_unwind_user(__u64 *out)
{
	__u32 tgid = bpf_get_current_pid_tgid() >> 32;
	const struct eh_proc *p = bpf_map_lookup_elem(&eh_procs, &tgid);
	if (!p)
		return 0;
	struct pt_regs *regs = (struct pt_regs *)bpf_task_pt_regs(bpf_get_current_task_btf());
	if (!regs)
		return 0;
	struct eh_walk w = { .ip = regs->ip, .sp = regs->sp, .bp = regs->bp, .proc = p, .out = out };
	if (!w.ip)
		return 0;
	out[0] = w.ip;
	w.n = 1;
	bpf_loop(STACK_MAX_DEPTH, eh_step, &w, 0);
	return w.n < STACK_MAX_DEPTH ? w.n : STACK_MAX_DEPTH;
}

#endif
