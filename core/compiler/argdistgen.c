/* argdist's programs: values counted under keys (-C) or in log2 slots
 * (-H), in the kernel; at returns, an entry program keeps the time and
 * arguments for $latency and $entry(). */
#include "core/compiler/tracegen.h"

#include "core/compiler/exprgen.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static bool uses_entry(const struct ts_node *n)
{
	if (!n)
		return false;
	if (n->kind == TN_VAR && (!strcmp(n->name, "latency") || !strcmp(n->name, "entry")))
		return true;
	return uses_entry(n->lhs) || uses_entry(n->rhs);
}

/* The integer and pointer types a key may have; anything else (a struct
 * by value, a typo) is refused rather than guessed at. */
static int key_type(const char *type, struct tg_key *k)
{
	char err[200];
	const struct ct_type *t = ct_parse(NULL, type, err, sizeof(err));
	memset(k, 0, sizeof(*k));
	if (!t || t->kind == CT_STRUCT || t->kind == CT_ARRAY)
		return -EINVAL;
	if (t->kind == CT_PTR) {
		k->string = t->target && t->target->kind == CT_INT && strstr(t->target->name, "char");
		k->bytes = 8;
		return 0;
	}
	k->bytes = t->size;
	k->is_signed = t->is_signed;
	return 0;
}

int tg_argdist_layout(const struct ts_probe *p, bool hist, int string_size, struct tg_argdist *a, char *err,
		      size_t errlen)
{
	memset(a, 0, sizeof(*a));
	a->hist = hist;
	a->needs_entry = tracespec_is_return(p) && uses_entry(p->filter);
	for (int i = 0; i < p->nexprs; i++)
		a->needs_entry |= tracespec_is_return(p) && uses_entry(p->exprs[i]);
	if (!p->nexprs) {
		/* BCC's defaults: count the calls, or the return values. */
		a->default_expr = true;
		if (hist && !tracespec_is_return(p)) {
			snprintf(err, errlen, "a histogram needs a value: ...:type:expr (only r: probes default to "
					      "$retval)");
			return -EINVAL;
		}
		a->nkeys = 1;
		a->keys[0].bytes = tracespec_is_return(p) ? 4 : 8;
		a->keys[0].is_signed = tracespec_is_return(p);
		a->key_size = 8;
		return 0;
	}
	if (hist && p->nexprs > 1) {
		snprintf(err, errlen, "a histogram takes one expression, not %d (-C counts combinations)", p->nexprs);
		return -EINVAL;
	}
	int off = 0;
	for (int i = 0; i < p->nexprs; i++) {
		struct tg_key *k = &a->keys[a->nkeys++];
		if (key_type(p->types[i], k)) {
			snprintf(err, errlen, "unknown type '%s': integer types (u8..u64, s8..s64, int, long, size_t...), "
					      "pointers, or char* for a string",
				 p->types[i]);
			return -EINVAL;
		}
		const struct ts_node *e = p->exprs[i];
		bool comm = e->kind == TN_VAR && !strcmp(e->name, "COMM");
		if (comm && !k->string) {
			snprintf(err, errlen, "'$COMM' is a string: its type is char*, not '%s'", p->types[i]);
			return -EINVAL;
		}
		if (k->string && hist) {
			snprintf(err, errlen, "a histogram needs a number, not a string (char*): use -C to count strings");
			return -EINVAL;
		}
		if (k->string)
			k->bytes = comm ? 16 : string_size;
		k->offset = off;
		off += (k->string ? k->bytes + 7 : 8) / 8 * 8;
	}
	/* Hash keys live on the verifier's 512-byte stack model. */
	if (off > 512) {
		snprintf(err, errlen, "the key would be %d bytes, over the kernel's 512: a smaller -z or fewer strings",
			 off);
		return -EINVAL;
	}
	a->key_size = off;
	return 0;
}

/* r0 = floor(log2(r0)), 0 for 0: the histogram slot. */
static void log2_slot(struct bpfgen *g)
{
	bg_mov_reg(g, 1, 0);
	bg_mov_imm(g, 0, 0);
	for (int shift = 32; shift; shift /= 2) {
		int skip = bg_label(g);
		bg_mov_reg(g, 2, 1);
		bg_alu_imm(g, BPF_RSH, 2, shift);
		bg_jmp_imm(g, BPF_JEQ, 2, 0, skip);
		bg_mov_reg(g, 1, 2);
		bg_alu_imm(g, BPF_ADD, 0, shift);
		bg_place(g, skip);
	}
}

int tg_compile_argdist(const struct ts_probe *p, const struct tg_tracepoint *tp, const struct tg_filters *f,
		       const struct tg_argdist *a, int string_size, int scratch_fd, int table_fd, int entry_fd,
		       struct tg_program *out, char *err, size_t errlen)
{
	memset(out, 0, sizeof(*out));
	struct bpfgen *g = &out->g;
	bg_init(g);
	struct gen c = { .g = g, .p = p, .tp = tp, .err = err, .errlen = errlen, .has_entry = a->needs_entry,
			 .out = out, .f = f };
	err[0] = 0;
	if (p->kind == TS_USDT && !f->usdt)
		return gen_fail(&c, NULL, "USDT probe without its site");
	out->prog_type = p->kind == TS_TRACEPOINT ? BPF_PROG_TYPE_TRACEPOINT : BPF_PROG_TYPE_KPROBE;
	int done = bg_label(g), cleanup = done;
	gen_prologue(&c, f, a->needs_entry, done);
	if (a->needs_entry) {
		/* No entry seen (it began before we attached): nothing to say. */
		cleanup = bg_label(g);
		bg_stx(g, BPF_W, 10, FP_KEY, R_ID);
		gen_stack_key_args(g, entry_fd, FP_KEY);
		bg_call(g, BPF_FUNC_map_lookup_elem);
		bg_jmp_imm(g, BPF_JEQ, 0, 0, done);
		bg_mov_reg(g, R_ENTRY, 0);
	}
	if (p->filter) {
		if (gen_expr(&c, p->filter))
			return -EINVAL;
		bg_jmp_imm(g, BPF_JEQ, 0, 0, cleanup);
	}
	if (a->hist) {
		if (a->default_expr)
			bg_ldx(g, BPF_DW, 0, R_CTX, RETVAL_OFFSET);
		else if (gen_expr(&c, p->exprs[0]))
			return -EINVAL;
		gen_extend(g, a->keys[0].bytes, a->keys[0].is_signed);
		log2_slot(g);
		bg_stx(g, BPF_W, 10, FP_KEY, 0);
		gen_stack_key_args(g, table_fd, FP_KEY);
		bg_call(g, BPF_FUNC_map_lookup_elem);
		bg_jmp_imm(g, BPF_JEQ, 0, 0, cleanup);
		gen_atomic_inc(g);
	} else {
		/* Numbers only: the key is built on the stack.  With strings it
		 * would not fit beside the spills, so it goes in the per-CPU
		 * scratch value (zeroed, so the bytes after a NUL hash alike). */
		bool on_stack = a->key_size <= KEYBUF_SIZE;
		for (int i = 0; i < a->nkeys; i++)
			on_stack &= !a->keys[i].string;
		int base = on_stack ? 10 : R_EVENT, base_off = on_stack ? FP_KEYBUF : 0;
		if (!on_stack) {
			bg_st_imm(g, BPF_DW, 10, FP_KEY, 0);
			gen_stack_key_args(g, scratch_fd, FP_KEY);
			bg_call(g, BPF_FUNC_map_lookup_elem);
			bg_jmp_imm(g, BPF_JEQ, 0, 0, cleanup);
			bg_mov_reg(g, R_EVENT, 0);
			for (int off = 0; off < a->key_size; off += 8)
				bg_st_imm(g, BPF_DW, R_EVENT, off, 0);
		}
		for (int i = 0; i < a->nkeys; i++) {
			const struct tg_key *k = &a->keys[i];
			if (a->default_expr) {
				if (tracespec_is_return(p))
					bg_ldx(g, BPF_DW, 0, R_CTX, RETVAL_OFFSET);
				else
					bg_mov_imm(g, 0, 1);
			} else if (p->exprs[i]->kind == TN_VAR && !strcmp(p->exprs[i]->name, "COMM")) {
				bg_mov_reg(g, 1, R_EVENT);
				bg_alu_imm(g, BPF_ADD, 1, k->offset);
				bg_mov_imm(g, 2, 16);
				bg_call(g, BPF_FUNC_get_current_comm);
				continue;
			} else if (gen_expr(&c, p->exprs[i])) {
				return -EINVAL;
			}
			if (k->string) {
				gen_read_string(g, R_EVENT, k->offset, k->bytes, gen_user_string(&c, p->exprs[i]));
				continue;
			}
			gen_extend(g, k->bytes, k->is_signed);
			bg_stx(g, BPF_DW, base, (int16_t)(base_off + k->offset), 0);
		}
		/* Count: an existing entry, else a new zero one (another CPU
		 * may create it first: NOEXIST and a second lookup keep every
		 * event counted). */
		int add = bg_label(g);
		for (int pass = 0; pass < 3; pass++) {
			bg_ld_map_fd(g, 1, table_fd);
			bg_mov_reg(g, 2, base);
			if (base_off)
				bg_alu_imm(g, BPF_ADD, 2, base_off);
			if (pass == 1) {
				bg_st_imm(g, BPF_DW, 10, FP_VALUE, 0);
				bg_mov_reg(g, 3, 10);
				bg_alu_imm(g, BPF_ADD, 3, FP_VALUE);
				bg_mov_imm(g, 4, BPF_NOEXIST);
				bg_call(g, BPF_FUNC_map_update_elem);
				continue;
			}
			bg_call(g, BPF_FUNC_map_lookup_elem);
			bg_jmp_imm(g, pass ? BPF_JEQ : BPF_JNE, 0, 0, pass ? cleanup : add);
		}
		bg_place(g, add);
		gen_atomic_inc(g);
	}
	if (a->needs_entry) {
		/* The entry is used up: a thread's next call starts afresh. */
		bg_place(g, cleanup);
		bg_stx(g, BPF_W, 10, FP_KEY, R_ID);
		gen_stack_key_args(g, entry_fd, FP_KEY);
		bg_call(g, BPF_FUNC_map_delete_elem);
	}
	return gen_epilogue(&c, done);
}

int tg_compile_entry(const struct ts_probe *p, const struct tg_filters *f, int entry_fd, struct tg_program *out,
		     char *err, size_t errlen)
{
	memset(out, 0, sizeof(*out));
	struct bpfgen *g = &out->g;
	bg_init(g);
	struct gen c = { .g = g, .p = p, .err = err, .errlen = errlen, .out = out, .f = f };
	err[0] = 0;
	out->prog_type = BPF_PROG_TYPE_KPROBE;
	int done = bg_label(g);
	gen_prologue(&c, f, true, done);
	/* { ktime, arg1..arg6 } at fp-64, the thread id key at fp-72. */
	bg_call(g, BPF_FUNC_ktime_get_ns);
	bg_stx(g, BPF_DW, 10, -TG_ENTRY_SIZE - 8, 0);
	for (int k = 0; k < 6; k++) {
		bg_ldx(g, BPF_DW, 0, R_CTX, gen_arg_offset[k]);
		bg_stx(g, BPF_DW, 10, -TG_ENTRY_SIZE - 8 + 8 * (k + 1), 0);
	}
	bg_stx(g, BPF_W, 10, -TG_ENTRY_SIZE - 16, R_ID);
	gen_stack_key_args(g, entry_fd, -TG_ENTRY_SIZE - 16);
	bg_mov_reg(g, 3, 10);
	bg_alu_imm(g, BPF_ADD, 3, -TG_ENTRY_SIZE - 8);
	bg_mov_imm(g, 4, BPF_ANY);
	bg_call(g, BPF_FUNC_map_update_elem);
	return gen_epilogue(&c, done);
}
