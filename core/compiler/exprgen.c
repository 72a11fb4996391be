#include "core/compiler/exprgen.h"

#include "core/compiler/constants.h"
#include "core/kallsyms.h"
#include "core/pattern.h"
#include "core/privilege.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* x86_64 struct pt_regs: where the calling convention puts arguments 1-6. */
const int16_t gen_arg_offset[6] = { 112, 104, 96, 88, 72, 64 };

int gen_fail(struct gen *c, const struct ts_node *n, const char *fmt, ...)
{
	if (c->failed)
		return -EINVAL;
	c->failed = true;
	char msg[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (n)
		snprintf(c->err, c->errlen, "%s (column %d)", msg, n->column);
	else
		snprintf(c->err, c->errlen, "%s", msg);
	return -EINVAL;
}

static int size_code(int size)
{
	return size == 1 ? BPF_B : size == 2 ? BPF_H : size == 4 ? BPF_W : BPF_DW;
}

/* reg = reg truncated to bytes, sign- or zero-extended. */
static void extend_reg(struct bpfgen *g, int reg, int bytes, bool is_signed)
{
	if (bytes >= 8)
		return;
	bg_alu_imm(g, BPF_LSH, reg, 64 - 8 * bytes);
	bg_alu_imm(g, is_signed ? BPF_ARSH : BPF_RSH, reg, 64 - 8 * bytes);
}

void gen_extend(struct bpfgen *g, int bytes, bool is_signed)
{
	extend_reg(g, 0, bytes, is_signed);
}

static const struct gen_int INT = { 4, true }, ULONG = { 8, false };

/* What C makes of a value of type t in arithmetic: pointers (and the
 * addresses of aggregates) are unsigned 64-bit numbers. */
static struct gen_int int_of(const struct ct_type *t)
{
	if (t && t->kind == CT_INT)
		return (struct gen_int){ t->size, t->is_signed };
	return ULONG;
}

/* C's integer promotions: what is narrower than int computes as int. */
static struct gen_int promote(struct gen_int v)
{
	return v.size < 4 ? INT : v;
}

/* C's usual arithmetic conversions: the type both operands of a binary
 * operator are converted to.  With int 4 bytes and long 8, a signed type
 * wider than the unsigned one holds all its values; otherwise unsigned
 * wins. */
static struct gen_int common_type(struct gen_int a, struct gen_int b)
{
	a = promote(a);
	b = promote(b);
	if (a.is_signed == b.is_signed)
		return a.size >= b.size ? a : b;
	struct gen_int u = a.is_signed ? b : a, sg = a.is_signed ? a : b;
	return u.size >= sg.size ? u : sg;
}

/* reg holds a value of type from: make it the same value converted to to
 * (wider types need nothing: the register is already extended). */
static void convert_reg(struct bpfgen *g, int reg, struct gen_int from, struct gen_int to)
{
	from = promote(from);
	if (to.size < 8 && (from.size != to.size || from.is_signed != to.is_signed))
		extend_reg(g, reg, to.size, to.is_signed);
}

static int spill_slot(struct gen *c, const struct ts_node *n)
{
	if (c->depth >= MAX_DEPTH)
		return gen_fail(c, n, "expression too deep"), 0;
	return SPILL_BASE - 8 * c->depth;
}

static bool user_probe(const struct ts_probe *p)
{
	return p->kind == TS_UPROBE || p->kind == TS_URETPROBE || p->kind == TS_USDT;
}

/* Whether memory behind this expression is the process's: user probes,
 * and pointers written argN@user. */
static bool user_memory(const struct gen *c, const struct ts_node *n)
{
	for (; n; n = n->lhs)
		if (n->user)
			return true;
	return user_probe(c->p);
}

/* Where struct types come from: the kernel's BTF for kernel probes, the
 * probed file's DWARF for user ones; opened on first use. */
static struct ct_source *types(struct gen *c)
{
	if (c->out->types)
		return c->out->types;
	char err[256] = "";
	if (user_probe(c->p)) {
		char path[512];
		if (c->p->lib && !resolve_binary(c->p->lib, c->f ? c->f->type_pid : 0, path, sizeof(path)))
			c->out->types = ct_open_dwarf(path, err, sizeof(err));
		else
			snprintf(err, sizeof(err), "cannot find '%s' for its DWARF types", c->p->lib ? c->p->lib : "");
	} else {
		c->out->types = ct_open_btf(err, sizeof(err));
	}
	if (!c->out->types)
		snprintf(c->type_err, sizeof(c->type_err), "%s", err);
	return c->out->types;
}

/* The type a declaration names, from the probe's types when it is not a
 * plain integer; NULL (a plain number) when unknown, the reason kept for
 * an error should a member of it be asked for. */
static const struct ct_type *decl_type(struct gen *c, const char *decl)
{
	/* Integers and pointers need no types: a pointer to a struct gets its
	 * layout when a member is asked for (loading BTF or DWARF only then). */
	char err[200];
	const struct ct_type *t = ct_parse(NULL, decl, err, sizeof(err));
	if (t)
		return t;
	struct ct_source *s = types(c);
	if (s && (t = ct_parse(s, decl, err, sizeof(err))))
		return t;
	if (s)
		snprintf(c->type_err, sizeof(c->type_err), "%s", err);
	return NULL;
}

/* r0 = the size-byte value at the address in r0 (kernel or user memory),
 * zero when unreadable. */
static int load_mem(struct gen *c, const struct ts_node *n, int size, bool is_signed)
{
	struct bpfgen *g = c->g;
	int slot = spill_slot(c, n);
	if (c->failed)
		return -EINVAL;
	bg_mov_reg(g, 3, 0);
	bg_st_imm(g, BPF_DW, 10, slot, 0);
	bg_mov_reg(g, 1, 10);
	bg_alu_imm(g, BPF_ADD, 1, slot);
	bg_mov_imm(g, 2, size > 8 ? 8 : size);
	bg_call(g, user_memory(c, n) ? BPF_FUNC_probe_read_user : BPF_FUNC_probe_read_kernel);
	bg_ldx(g, BPF_DW, 0, 10, slot);
	gen_extend(g, size, is_signed);
	return 0;
}

/* r0 holds an address of a value of type t: load it, or keep the address
 * of an aggregate (arrays decay to a pointer to their first element). */
static int load_typed(struct gen *c, const struct ts_node *n, const struct ct_type *t, int bit_offset, int bit_size)
{
	c->val = int_of(t);
	if (t->kind == CT_STRUCT) {
		c->type = t;
		return 0;
	}
	if (t->kind == CT_ARRAY) {
		c->type = ct_pointer_to(t->src, t->target);
		return 0;
	}
	if (bit_size) {
		if (load_mem(c, n, 8, false))
			return -EINVAL;
		bg_alu_imm(c->g, BPF_LSH, 0, 64 - bit_offset - bit_size);
		bg_alu_imm(c->g, t->is_signed ? BPF_ARSH : BPF_RSH, 0, 64 - bit_size);
		/* A bit field promotes to int when int holds all its values. */
		if (bit_size < 32 || (bit_size == 32 && t->is_signed))
			c->val = INT;
		else if (bit_size == 32)
			c->val = (struct gen_int){ 4, false };
	} else if (load_mem(c, n, t->size, t->is_signed)) {
		return -EINVAL;
	}
	c->type = t;
	return 0;
}


/* A struct named in a declaration has no size until its layout is read
 * from the probe's types, on first use; NULL (the reason in type_err)
 * when they do not have it. */
static const struct ct_type *layout(struct gen *c, const struct ct_type *st)
{
	if (st->kind != CT_STRUCT || st->size)
		return st;
	char err[200];
	struct ct_source *src = types(c);
	const struct ct_type *known = src ? ct_parse(src, st->name, err, sizeof(err)) : NULL;
	if (src && !known)
		snprintf(c->type_err, sizeof(c->type_err), "%s", err);
	return known && known->kind == CT_STRUCT && known->size ? known : NULL;
}

/* lhs->name, lhs.name: a member of a struct whose type is known. */
static int gen_member(struct gen *c, const struct ts_node *n)
{
	if (gen_expr(c, n->lhs))
		return -EINVAL;
	const struct ct_type *t = c->type, *st = NULL;
	if (n->arrow && t && t->kind == CT_PTR && t->target && t->target->kind == CT_STRUCT)
		st = t->target;
	else if (!n->arrow && t && t->kind == CT_STRUCT)
		st = t;
	if (!st) {
		if (!t)
			return gen_fail(c, n, "'%s%s': the type of the left side is unknown%s%s", n->arrow ? "->" : ".",
				    n->name, c->type_err[0] ? ": " : " (give it in the signature or a cast)",
				    c->type_err);
		return gen_fail(c, n, "'%s%s': '%s' is not a %s", n->arrow ? "->" : ".", n->name, t->name,
			    n->arrow ? "pointer to a struct" : "struct");
	}
	const struct ct_type *known = layout(c, st);
	if (!known)
		return gen_fail(c, n, "'%s%s': '%s' has no known layout%s%s", n->arrow ? "->" : ".", n->name, st->name,
				c->type_err[0] ? ": " : "", c->type_err);
	st = known;
	struct ct_member m;
	if (ct_member(st, n->name, &m))
		return gen_fail(c, n, "%s has no member '%s'", st->name, n->name);
	if (m.offset)
		bg_alu_imm(c->g, BPF_ADD, 0, m.offset);
	return load_typed(c, n, m.type, m.bit_offset, m.bit_size);
}

/* With the left side's value in r0: keep it while the right side is
 * evaluated; then r1 = left, r0 = right. */
static int with_rhs(struct gen *c, const struct ts_node *n)
{
	int slot = spill_slot(c, n);
	if (c->failed)
		return -EINVAL;
	bg_stx(c->g, BPF_DW, 10, slot, 0);
	c->depth++;
	int err = gen_expr(c, n->rhs);
	c->depth--;
	if (err)
		return err;
	bg_ldx(c->g, BPF_DW, 1, 10, slot);
	return 0;
}

/* r0 = (r1 op r0) as 0/1, the operands compared signed or unsigned. */
static void compare(struct bpfgen *g, const char *op, bool is_signed)
{
	int jop = !strcmp(op, "==") ? BPF_JEQ
		: !strcmp(op, "!=") ? BPF_JNE
		: !strcmp(op, "<")  ? (is_signed ? BPF_JSLT : BPF_JLT)
		: !strcmp(op, "<=") ? (is_signed ? BPF_JSLE : BPF_JLE)
		: !strcmp(op, ">")  ? (is_signed ? BPF_JSGT : BPF_JGT)
				    : (is_signed ? BPF_JSGE : BPF_JGE);
	int yes = bg_label(g), done = bg_label(g);
	/* r1 holds the left side, r0 the right. */
	bg_jmp_reg(g, jop, 1, 0, yes);
	bg_mov_imm(g, 0, 0);
	bg_ja(g, done);
	bg_place(g, yes);
	bg_mov_imm(g, 0, 1);
	bg_place(g, done);
}

/* A USDT argument, where this site's note says it is. */
static int usdt_arg(struct gen *c, const struct ts_node *n, int k)
{
	const struct usdt_site *s = c->f->usdt;
	if (k >= s->nargs)
		return gen_fail(c, n, "'%s': %s:%s has %d argument%s here", n->name, c->p->provider ? c->p->provider : "",
			    c->p->func, s->nargs, s->nargs == 1 ? "" : "s");
	const struct usdt_arg *a = &s->args[k];
	/* BCC reads each into an intN_t or uintN_t of the note's size. */
	c->val = (struct gen_int){ a->size > 0 && a->size <= 8 ? a->size : 8, a->is_signed };
	switch (a->kind) {
	case USDT_ARG_CONST:
		bg_mov_imm(c->g, 0, a->value);
		return 0;
	case USDT_ARG_REG:
		bg_ldx(c->g, BPF_DW, 0, R_CTX, (int16_t)a->reg_offset);
		gen_extend(c->g, a->size, a->is_signed);
		return 0;
	case USDT_ARG_MEM:
		bg_ldx(c->g, BPF_DW, 0, R_CTX, (int16_t)a->reg_offset);
		if (a->value)
			bg_alu_imm(c->g, BPF_ADD, 0, (int32_t)a->value);
		return load_mem(c, n, a->size, a->is_signed);
	}
	return gen_fail(c, n, "unreadable USDT argument");
}

/* r0 holds parameter k's register: give it the signature's type. */
static void param_value(struct gen *c, int k)
{
	/* A type nothing knows keeps the whole register. */
	const struct ct_type *t = decl_type(c, c->p->params[k].type);
	if (t && t->kind == CT_INT)
		gen_extend(c->g, t->size, t->is_signed);
	c->type = t && t->kind != CT_STRUCT ? t : NULL;
	c->val = int_of(c->type);
}

static int gen_var(struct gen *c, const struct ts_node *n)
{
	struct bpfgen *g = c->g;
	const char *v = n->name;
	/* BCC's types: $pid $tgid $uid $gid are unsigned int, $cpu, $PID,
	 * $retval and $latency 64-bit unsigned. */
	c->val = ULONG;
	if (!strcmp(v, "pid") || !strcmp(v, "tgid") || !strcmp(v, "uid") || !strcmp(v, "gid"))
		c->val = (struct gen_int){ 4, false };
	if (!strcmp(v, "pid") || !strcmp(v, "tgid")) {
		bg_call(g, BPF_FUNC_get_current_pid_tgid);
		if (!strcmp(v, "tgid"))
			bg_alu_imm(g, BPF_RSH, 0, 32);
		else
			gen_extend(g, 4, false);
	} else if (!strcmp(v, "uid") || !strcmp(v, "gid")) {
		bg_call(g, BPF_FUNC_get_current_uid_gid);
		if (!strcmp(v, "gid"))
			bg_alu_imm(g, BPF_RSH, 0, 32);
		else
			gen_extend(g, 4, false);
	} else if (!strcmp(v, "cpu")) {
		bg_call(g, BPF_FUNC_get_smp_processor_id);
	} else if (!strcmp(v, "task")) {
		bg_call(g, BPF_FUNC_get_current_task);
		c->type = decl_type(c, "struct task_struct *");
	} else if (!strcmp(v, "PID")) {
		bg_call(g, BPF_FUNC_get_current_pid_tgid);
		bg_alu_imm(g, BPF_RSH, 0, 32);
	} else if (!strcmp(v, "retval")) {
		bg_ldx(g, BPF_DW, 0, R_CTX, RETVAL_OFFSET);
	} else if (!strcmp(v, "latency") && c->has_entry) {
		bg_call(g, BPF_FUNC_ktime_get_ns);
		bg_ldx(g, BPF_DW, 1, R_ENTRY, 0);
		bg_alu_reg(g, BPF_SUB, 0, 1);
	} else if (!strcmp(v, "entry") && c->has_entry) {
		int k = -1;
		for (int i = 0; i < c->p->nparams; i++)
			if (!strcmp(c->p->params[i].name, n->lhs->name))
				k = i;
		if (k < 0)
			return gen_fail(c, n, "'$entry(%s)': no such parameter", n->lhs->name);
		bg_ldx(g, BPF_DW, 0, R_ENTRY, 8 + 8 * k);
		param_value(c, k);
	} else if (!strcmp(v, "COMM")) {
		return gen_fail(c, n, "'$COMM' is a string: only a whole char* key can be $COMM");
	} else {
		return gen_fail(c, n, "'$%s' is argdist's", v);
	}
	return 0;
}

/* A kernel symbol's address, a constant of the running kernel. */
static int gen_kaddr(struct gen *c, const struct ts_node *n)
{
	unsigned long long a[2];
	char mods[2][64];
	int k = kallsyms_addrs(n->name, a, mods, 2);
	if (k == -EACCES)
		return gen_fail(c, n, "kaddr(\"%s\"): %s", n->name, priv_kernel_addrs_missing());
	if (k <= 0)
		return gen_fail(c, n, "kaddr(\"%s\"): no such kernel symbol in /proc/kallsyms (variables are there only in kernels built with CONFIG_KALLSYMS_ALL)", n->name);
	if (k > 1)
		return gen_fail(c, n, "kaddr(\"%s\"): the kernel has several symbols of that name", n->name);
	bg_mov_imm(c->g, 0, (int64_t)a[0]);
	c->val = ULONG;
	return 0;
}

static int gen_ident(struct gen *c, const struct ts_node *n)
{
	struct bpfgen *g = c->g;
	const char *name = n->name;
	if (n->constant) {
		int64_t v;
		if (constant_value(name, user_probe(c->p) ? NULL : types(c), &v))
			return gen_fail(c, n, "unknown constant '%s' (not in bpfkit's table%s): write the number", name,
				    user_probe(c->p) ? "" : " nor a kernel enumerator");
		/* An enumerator is an int; a macro's number is typed as written. */
		bg_mov_imm(g, 0, v);
		c->val = v >= INT32_MIN && v <= INT32_MAX ? INT : (struct gen_int){ 8, true };
		return 0;
	}
	if (!strcmp(name, "retval")) {
		bg_ldx(g, BPF_DW, 0, R_CTX, RETVAL_OFFSET);
		return 0;
	}
	if (!strcmp(name, "args"))
		return gen_fail(c, n, "'args' is not a value: args->FIELD");
	int k = -1;
	bool named = false;
	if (!strncmp(name, "arg", 3) && name[3] >= '1' && name[3] <= '6' && !name[4])
		k = name[3] - '1';
	for (int i = 0; k < 0 && i < c->p->nparams; i++)
		if (!strcmp(c->p->params[i].name, name))
			k = i, named = true;
	if (k < 0)
		return gen_fail(c, n, "unknown name '%s'", name);
	if (tracespec_is_return(c->p))
		return gen_fail(c, n, "'%s': arguments are gone at a return probe (argdist's $entry() keeps them)", name);
	if (c->p->kind == TS_USDT)
		return usdt_arg(c, n, k);
	bg_ldx(g, BPF_DW, 0, R_CTX, gen_arg_offset[k]);
	/* argN is the whole register, an unsigned long as in BCC; the
	 * signature's name for it has the declared type. */
	if (named)
		param_value(c, k);
	return 0;
}


/* STRCMP("lit", expr): 1 when the string at expr is exactly lit.  Reading
 * two bytes more than lit tells a longer string from an equal one.  With
 * trace -B (BCC's --bin_cmp) the memory at expr starts with lit's bytes,
 * which may hold NULs ("\x01\0\x02"). */
static int gen_strcmp(struct gen *c, const struct ts_node *n)
{
	struct bpfgen *g = c->g;
	const char *lit = n->rhs->name;
	int len = (int)n->rhs->num;
	bool binary = c->f && c->f->bin_cmp;
	if (!binary && (int)strlen(lit) != len)
		return gen_fail(c, n, "STRCMP's string holds a NUL byte: compare bytes with -B (--bin_cmp)");
	if (len + 2 > STR_BUF_SIZE)
		return gen_fail(c, n, "STRCMP compares at most %d characters", STR_BUF_SIZE - 2);
	if (gen_expr(c, n->lhs))
		return -EINVAL;
	if (binary && len == 0) { /* all memory starts with no bytes */
		bg_mov_imm(g, 0, 1);
		c->type = NULL;
		c->val = INT;
		return 0;
	}
	int no = bg_label(g), done = bg_label(g);
	if (binary) {
		gen_read_bytes(g, 10, STR_BUF, len, gen_user_string(c, n->lhs));
		bg_jmp_imm(g, BPF_JSLT, 0, 0, no);
	} else {
		gen_read_string(g, 10, STR_BUF, len + 2, gen_user_string(c, n->lhs));
		bg_jmp_imm(g, BPF_JSLE, 0, 0, no);
	}
	for (int i = 0; i < (binary ? len : len + 1); i++) {
		bg_ldx(g, BPF_B, 1, 10, STR_BUF + i);
		bg_jmp_imm(g, BPF_JNE, 1, (unsigned char)lit[i], no);
	}
	bg_mov_imm(g, 0, 1);
	bg_ja(g, done);
	bg_place(g, no);
	bg_mov_imm(g, 0, 0);
	bg_place(g, done);
	c->type = NULL;
	c->val = INT;
	return 0;
}

/* args->FIELD on a tracepoint: a number, a fixed array (its address in
 * the record), or a __data_loc dynamic array (offset and length packed
 * into 32 bits). */
static int gen_field(struct gen *c, const struct ts_node *n)
{
	struct bpfgen *g = c->g;
	const struct tg_field *f = tg_tracepoint_field(c->tp, n->name);
	if (!f)
		return gen_fail(c, n, "tracepoint %s:%s has no field '%s'", c->p->lib, c->p->func, n->name);
	if (!strncmp(f->type, "__data_loc", 10)) {
		bg_ldx(g, BPF_W, 0, R_CTX, f->offset);
		bg_alu_imm(g, BPF_AND, 0, 0xffff);
		bg_alu_reg(g, BPF_ADD, 0, R_CTX);
		c->type = ct_pointer_to(NULL, ct_parse(NULL, "char", c->err, c->errlen));
		return 0;
	}
	if (f->array || (f->size != 1 && f->size != 2 && f->size != 4 && f->size != 8)) {
		bg_mov_reg(g, 0, R_CTX);
		bg_alu_imm(g, BPF_ADD, 0, f->offset);
		c->type = ct_pointer_to(NULL, ct_parse(NULL, "char", c->err, c->errlen));
		return 0;
	}
	if (strchr(f->type, '*')) {
		bg_ldx(g, size_code(f->size), 0, R_CTX, f->offset);
		c->type = decl_type(c, f->type);
		c->val = ULONG;
		return 0;
	}
	/* As BCC's, the field is of its declared type widened to its size:
	 * syscall tracepoints hold each argument in 8 bytes and say signed:0
	 * for all, but an off_t or an int there is still signed. */
	const struct ct_type *t = decl_type(c, f->type);
	bool is_signed = t && t->kind == CT_INT ? t->is_signed : f->is_signed;
	bg_ldx(g, size_code(f->size), 0, R_CTX, f->offset);
	if (is_signed)
		gen_extend(g, f->size, true);
	c->val = (struct gen_int){ f->size, is_signed };
	return 0;
}

/* r1 = r1 / r0 (or r1 % r0) as C divides signed numbers: toward zero,
 * the remainder taking the dividend's sign.  BPF's own signed division
 * came with the v4 instruction set (Linux 6.6); this works on every
 * kernel: divide the magnitudes unsigned, then put the sign back.  As
 * BPF's own, x / 0 is 0 and x % 0 is x. */
static void signed_divmod(struct bpfgen *g, bool mod)
{
	bg_mov_reg(g, 2, 1);
	bg_alu_imm(g, BPF_ARSH, 2, 63); /* -1 when the dividend is negative */
	bg_mov_reg(g, 3, 0);
	bg_alu_imm(g, BPF_ARSH, 3, 63);
	bg_alu_reg(g, BPF_XOR, 1, 2); /* |x| = (x ^ sign) - sign */
	bg_alu_reg(g, BPF_SUB, 1, 2);
	bg_alu_reg(g, BPF_XOR, 0, 3);
	bg_alu_reg(g, BPF_SUB, 0, 3);
	bg_alu_reg(g, mod ? BPF_MOD : BPF_DIV, 1, 0);
	if (!mod)
		bg_alu_reg(g, BPF_XOR, 2, 3);
	bg_alu_reg(g, BPF_XOR, 1, 2);
	bg_alu_reg(g, BPF_SUB, 1, 2);
}

/* v, held as a register holds it, truncated to bytes and sign- or
 * zero-extended: what extend_reg does at run time. */
static uint64_t extend_value(uint64_t v, int bytes, bool is_signed)
{
	if (bytes >= 8)
		return v;
	int shift = 64 - 8 * bytes;
	return is_signed ? (uint64_t)((int64_t)(v << shift) >> shift) : v << shift >> shift;
}

/* signed_divmod's results: x / 0 is 0, x % 0 is x, LONG_MIN / -1 wraps to
 * LONG_MIN and LONG_MIN % -1 is 0, as BPF's own signed division (v4). */
static uint64_t signed_divmod_value(uint64_t x, uint64_t y, bool mod)
{
	uint64_t sx = (int64_t)x < 0 ? ~0ull : 0, sy = (int64_t)y < 0 ? ~0ull : 0;
	uint64_t ax = (x ^ sx) - sx, ay = (y ^ sy) - sy;
	uint64_t r = mod ? (ay ? ax % ay : ax) : (ay ? ax / ay : 0);
	uint64_t sign = mod ? sx : sx ^ sy;
	return (r ^ sign) - sign;
}

/* Whether n is a constant, made of numbers, character and named constants,
 * casts to integer types and operators only; its value (as r0 would hold
 * it) and C type then in *v and *t.  Only decides refusals: the code is
 * generated as for any expression. */
static bool fold(struct gen *c, const struct ts_node *n, uint64_t *v, struct gen_int *t)
{
	uint64_t a, b;
	struct gen_int ta, tb;
	switch (n->kind) {
	case TN_NUM:
		*v = n->num;
		*t = n->num_size ? (struct gen_int){ n->num_size, n->num_signed } : ULONG;
		return true;
	case TN_IDENT: {
		int64_t k;
		if (!n->constant || constant_value(n->name, user_probe(c->p) ? NULL : types(c), &k))
			return false;
		*v = (uint64_t)k;
		*t = k >= INT32_MIN && k <= INT32_MAX ? INT : (struct gen_int){ 8, true };
		return true;
	}
	case TN_CAST: {
		char err[200];
		const struct ct_type *ct = ct_parse(NULL, n->name, err, sizeof(err));
		if (!ct || ct->kind != CT_INT || !fold(c, n->lhs, v, t))
			return false;
		bool is_bool = !strcmp(ct->name, "bool") || !strcmp(ct->name, "_Bool");
		*v = is_bool ? *v != 0 : extend_value(*v, ct->size, ct->is_signed);
		*t = int_of(ct);
		return true;
	}
	case TN_UNARY:
		if (n->op[0] == '*' || !fold(c, n->lhs, v, t))
			return false;
		if (n->op[0] == '!') {
			*v = !*v;
			*t = INT;
			return true;
		}
		*t = promote(*t);
		*v = extend_value(n->op[0] == '-' ? -*v : ~*v, t->size, t->is_signed);
		return true;
	case TN_BINARY:
		if (!fold(c, n->lhs, &a, &ta))
			return false;
		if (!strcmp(n->op, "&&") || !strcmp(n->op, "||")) {
			bool and = n->op[0] == '&';
			*t = INT;
			/* The left side alone may decide, as it does at run time. */
			if (and ? !a : !!a) {
				*v = !and;
				return true;
			}
			if (!fold(c, n->rhs, &b, &tb))
				return false;
			*v = b != 0;
			return true;
		}
		if (!fold(c, n->rhs, &b, &tb))
			return false;
		break;
	default:
		return false;
	}
	const char *op = n->op;
	if (!strcmp(op, "<<") || !strcmp(op, ">>")) {
		*t = promote(ta);
		a = op[0] == '<' ? a << (b & 63) : t->is_signed ? (uint64_t)((int64_t)a >> (b & 63)) : a >> (b & 63);
		*v = extend_value(a, t->size, t->is_signed);
		return true;
	}
	struct gen_int ct = common_type(ta, tb);
	ta = promote(ta);
	tb = promote(tb);
	if (ct.size < 8 && (ta.size != ct.size || ta.is_signed != ct.is_signed))
		a = extend_value(a, ct.size, ct.is_signed);
	if (ct.size < 8 && (tb.size != ct.size || tb.is_signed != ct.is_signed))
		b = extend_value(b, ct.size, ct.is_signed);
	bool sg = ct.is_signed;
	uint64_t r;
	switch (op[0] << 8 | op[1]) {
	case '+' << 8: r = a + b; break;
	case '-' << 8: r = a - b; break;
	case '*' << 8: r = a * b; break;
	case '/' << 8: r = sg ? signed_divmod_value(a, b, false) : b ? a / b : 0; break;
	case '%' << 8: r = sg ? signed_divmod_value(a, b, true) : b ? a % b : a; break;
	case '&' << 8: r = a & b; break;
	case '|' << 8: r = a | b; break;
	case '^' << 8: r = a ^ b; break;
	case '=' << 8 | '=': *t = INT; *v = a == b; return true;
	case '!' << 8 | '=': *t = INT; *v = a != b; return true;
	case '<' << 8: *t = INT; *v = sg ? (int64_t)a < (int64_t)b : a < b; return true;
	case '<' << 8 | '=': *t = INT; *v = sg ? (int64_t)a <= (int64_t)b : a <= b; return true;
	case '>' << 8: *t = INT; *v = sg ? (int64_t)a > (int64_t)b : a > b; return true;
	case '>' << 8 | '=': *t = INT; *v = sg ? (int64_t)a >= (int64_t)b : a >= b; return true;
	default: return false;
	}
	*t = ct;
	*v = extend_value(r, ct.size, ct.is_signed);
	return true;
}

/* The size of what a pointer points to, for its arithmetic (void and
 * functions count 1, as in GNU C); 0 with the error made. */
static int pointee_size(struct gen *c, const struct ts_node *n, const struct ct_type *ptr)
{
	const struct ct_type *t = ptr->target ? layout(c, ptr->target) : NULL;
	if (ptr->target && !t)
		return gen_fail(c, n, "'%s': '%s' has no known layout%s%s", n->op, ptr->target->name,
				c->type_err[0] ? ": " : "", c->type_err), 0;
	return t && t->size > 0 ? t->size : 1;
}

/* ptr + int, int + ptr, ptr - int step by the pointee's size; ptr - ptr
 * counts elements between them (a long).  r1 is the left side, r0 the
 * right; the result goes to r0. */
static int pointer_arith(struct gen *c, const struct ts_node *n, const struct ct_type *lt, const struct ct_type *rt)
{
	struct bpfgen *g = c->g;
	bool minus = n->op[0] == '-';
	if (lt && rt) {
		if (!minus)
			return gen_fail(c, n, "'+' of two pointers");
		int size = pointee_size(c, n, lt);
		if (!size)
			return -EINVAL;
		bg_alu_reg(g, BPF_SUB, 1, 0);
		bg_mov_imm(g, 0, size);
		signed_divmod(g, false);
		bg_mov_reg(g, 0, 1);
		c->type = NULL;
		c->val = (struct gen_int){ 8, true };
		return 0;
	}
	if (rt && minus)
		return gen_fail(c, n, "'-' of a number and a pointer: the pointer goes first");
	const struct ct_type *pt = lt ? lt : rt;
	int size = pointee_size(c, n, pt);
	if (!size)
		return -EINVAL;
	bg_alu_imm(g, BPF_MUL, lt ? 0 : 1, size);
	bg_alu_reg(g, minus ? BPF_SUB : BPF_ADD, 1, 0);
	bg_mov_reg(g, 0, 1);
	c->type = pt;
	c->val = ULONG;
	return 0;
}

/* lhs op rhs with r1 = lhs (of C type lt, integer type li), r0 = rhs; the
 * result in r0.  C's rules: shifts take the promoted left type; the other
 * operators convert both sides to their common type, whose signedness
 * picks the comparison, division and right shift. */
static int gen_binary(struct gen *c, const struct ts_node *n, const struct ct_type *lt, struct gen_int li)
{
	struct bpfgen *g = c->g;
	const struct ct_type *rt = c->type;
	struct gen_int ri = c->val;
	const char *op = n->op;
	bool lptr = lt && lt->kind == CT_PTR, rptr = rt && rt->kind == CT_PTR;
	if ((!strcmp(op, "+") || !strcmp(op, "-")) && (lptr || rptr))
		return pointer_arith(c, n, lptr ? lt : NULL, rptr ? rt : NULL);
	c->type = NULL;
	if (!strcmp(op, "<<") || !strcmp(op, ">>")) {
		struct gen_int t = promote(li);
		bg_alu_reg(g, op[0] == '<' ? BPF_LSH : t.is_signed ? BPF_ARSH : BPF_RSH, 1, 0);
		bg_mov_reg(g, 0, 1);
		gen_extend(g, t.size, t.is_signed);
		c->val = t;
		return 0;
	}
	struct gen_int t = common_type(li, ri);
	/* A constant zero divisor is a mistake to say now; one that is zero
	 * only at run time gives BPF's results (x / 0 is 0, x % 0 is x). */
	uint64_t divisor;
	struct gen_int dt;
	if ((!strcmp(op, "/") || !strcmp(op, "%")) && fold(c, n->rhs, &divisor, &dt)) {
		dt = promote(dt);
		if (t.size < 8 && (dt.size != t.size || dt.is_signed != t.is_signed))
			divisor = extend_value(divisor, t.size, t.is_signed);
		if (!divisor)
			return gen_fail(c, n, "division by zero: the right side of '%s' is a constant 0", op);
	}
	convert_reg(g, 1, li, t);
	convert_reg(g, 0, ri, t);
	static const struct { const char *op; int alu; } alus[] = {
		{ "+", BPF_ADD }, { "-", BPF_SUB }, { "*", BPF_MUL }, { "/", BPF_DIV }, { "%", BPF_MOD },
		{ "&", BPF_AND }, { "|", BPF_OR },  { "^", BPF_XOR },
	};
	for (size_t i = 0; i < sizeof(alus) / sizeof(alus[0]); i++)
		if (!strcmp(op, alus[i].op)) {
			if (t.is_signed && (alus[i].alu == BPF_DIV || alus[i].alu == BPF_MOD))
				signed_divmod(g, alus[i].alu == BPF_MOD);
			else
				bg_alu_reg(g, alus[i].alu, 1, 0);
			bg_mov_reg(g, 0, 1);
			/* A 32-bit type wraps at 32 bits. */
			gen_extend(g, t.size, t.is_signed);
			c->val = t;
			return 0;
		}
	compare(g, op, t.is_signed);
	c->val = INT;
	return 0;
}

int gen_expr(struct gen *c, const struct ts_node *n)
{
	struct bpfgen *g = c->g;
	if (c->failed)
		return -EINVAL;
	c->type = NULL;
	c->val = ULONG;
	switch (n->kind) {
	case TN_NUM:
		bg_mov_imm(g, 0, (int64_t)n->num);
		if (n->num_size)
			c->val = (struct gen_int){ n->num_size, n->num_signed };
		return 0;
	case TN_IDENT:
		return gen_ident(c, n);
	case TN_VAR:
		return gen_var(c, n);
	case TN_MEMBER:
		if (c->p->kind == TS_TRACEPOINT && n->lhs->kind == TN_IDENT && !strcmp(n->lhs->name, "args") &&
		    n->arrow)
			return gen_field(c, n);
		return gen_member(c, n);
	case TN_CAST: {
		if (gen_expr(c, n->lhs))
			return -EINVAL;
		const struct ct_type *t = decl_type(c, n->name);
		if (t && t->kind == CT_STRUCT)
			return gen_fail(c, n, "cannot cast to a struct ('%s'): cast to a pointer", n->name);
		if (!t)
			return gen_fail(c, n, "unknown type '%s' in the cast%s%s", n->name, c->type_err[0] ? ": " : "",
				    c->type_err);
		if (t->kind == CT_INT && (!strcmp(t->name, "bool") || !strcmp(t->name, "_Bool"))) {
			/* Any nonzero value converts to 1. */
			bg_mov_reg(g, 1, 0);
			bg_mov_imm(g, 0, 0);
			compare(g, "!=", false);
		} else if (t->kind == CT_INT) {
			gen_extend(g, t->size, t->is_signed);
		}
		c->type = t;
		c->val = int_of(t);
		return 0;
	}
	case TN_UNARY:
		if (gen_expr(c, n->lhs))
			return -EINVAL;
		if (!strcmp(n->op, "-") || !strcmp(n->op, "~")) {
			struct gen_int t = promote(c->val);
			if (n->op[0] == '-')
				bg_emit(g, BPF_ALU64 | BPF_NEG, 0, 0, 0, 0);
			else
				bg_alu_imm(g, BPF_XOR, 0, -1);
			gen_extend(g, t.size, t.is_signed);
			c->val = t;
		} else if (!strcmp(n->op, "!")) {
			bg_mov_reg(g, 1, 0);
			bg_mov_imm(g, 0, 0);
			compare(g, "==", false);
			c->val = INT;
		} else { /* '*': what the pointer points to; 8 bytes when untyped */
			const struct ct_type *t = c->type;
			if (t && t->kind == CT_PTR && t->target)
				return load_typed(c, n, t->target, 0, 0);
			if (t && t->kind != CT_PTR)
				return gen_fail(c, n, "'*' of '%s', which is not a pointer", t->name);
			c->val = ULONG;
			return load_mem(c, n, 8, false);
		}
		c->type = NULL;
		return 0;
	case TN_INDEX: {
		if (gen_expr(c, n->lhs))
			return -EINVAL;
		const struct ct_type *t = c->type;
		if (!t || t->kind != CT_PTR || !t->target)
			return gen_fail(c, n, "'[]' needs a typed pointer or array on its left (a signature or a cast)");
		const struct ct_type *elem = layout(c, t->target);
		if (!elem)
			return gen_fail(c, n, "'[]': '%s' has no known layout%s%s", t->target->name,
					c->type_err[0] ? ": " : "", c->type_err);
		if (with_rhs(c, n))
			return -EINVAL;
		bg_alu_imm(g, BPF_MUL, 0, elem->size);
		bg_alu_reg(g, BPF_ADD, 0, 1);
		return load_typed(c, n, elem, 0, 0);
	}
	case TN_BINARY: {
		bool logical = !strcmp(n->op, "&&") || !strcmp(n->op, "||");
		if (logical) {
			int out = bg_label(g), done = bg_label(g);
			if (gen_expr(c, n->lhs))
				return -EINVAL;
			/* && stops at a false left side, || at a true one. */
			bg_jmp_imm(g, n->op[0] == '&' ? BPF_JEQ : BPF_JNE, 0, 0, out);
			if (gen_expr(c, n->rhs))
				return -EINVAL;
			bg_mov_reg(g, 1, 0);
			bg_mov_imm(g, 0, 0);
			compare(g, "!=", false);
			bg_ja(g, done);
			bg_place(g, out);
			bg_mov_imm(g, 0, n->op[0] == '&' ? 0 : 1);
			bg_place(g, done);
			c->type = NULL;
			c->val = INT;
			return 0;
		}
		if (gen_expr(c, n->lhs))
			return -EINVAL;
		const struct ct_type *lt = c->type;
		struct gen_int li = c->val;
		if (with_rhs(c, n))
			return -EINVAL;
		return gen_binary(c, n, lt, li);
	}
	case TN_STRCMP:
		return gen_strcmp(c, n);
	case TN_KADDR:
		return gen_kaddr(c, n);
	case TN_STR:
		return gen_fail(c, n, "a string is only allowed in STRCMP");
	}
	return gen_fail(c, n, "unsupported expression");
}

/* A NUL-terminated string from the address in r0 into base+off.  The
 * kernel refuses user addresses to probe_read_kernel and the other way
 * round, so a failed read is retried in the other address space: a
 * syscall's user pointer seen from a kprobe still reads. */
/* r0 = r0's memory copied to base+off: size bytes, or (str) a string of at
 * most size bytes with its NUL; user or kernel memory first, then the other.
 * r0 after: the helper's result (negative when both failed). */
static void gen_read(struct bpfgen *g, int base, int off, int size, bool user_first, bool str)
{
	int done = bg_label(g);
	bg_mov_reg(g, 3, 0);
	bg_stx(g, BPF_DW, 10, FP_VALUE, 3);
	for (int pass = 0; pass < 2; pass++) {
		bool user = pass ? !user_first : user_first;
		if (pass)
			bg_ldx(g, BPF_DW, 3, 10, FP_VALUE);
		bg_mov_reg(g, 1, base);
		bg_alu_imm(g, BPF_ADD, 1, off);
		bg_mov_imm(g, 2, size);
		bg_call(g, str ? (user ? BPF_FUNC_probe_read_user_str : BPF_FUNC_probe_read_kernel_str)
			       : (user ? BPF_FUNC_probe_read_user : BPF_FUNC_probe_read_kernel));
		if (!pass)
			bg_jmp_imm(g, BPF_JSGE, 0, 0, done);
	}
	bg_place(g, done);
}

void gen_read_string(struct bpfgen *g, int base, int off, int size, bool user_first)
{
	gen_read(g, base, off, size, user_first, true);
}

void gen_read_bytes(struct bpfgen *g, int base, int off, int size, bool user_first)
{
	gen_read(g, base, off, size, user_first, false);
}

bool gen_user_string(const struct gen *c, const struct ts_node *n)
{
	/* A syscall's pointer arguments point into the caller. */
	return user_memory(c, n) || (c->p->kind == TS_TRACEPOINT && c->p->lib && !strcmp(c->p->lib, "syscalls"));
}

/* r1 = the map, r2 = a key on the stack at fp+off: a map helper's first
 * two arguments. */
void gen_stack_key_args(struct bpfgen *g, int map_fd, int off)
{
	bg_ld_map_fd(g, 1, map_fd);
	bg_mov_reg(g, 2, 10);
	bg_alu_imm(g, BPF_ADD, 2, off);
}

void gen_atomic_inc(struct bpfgen *g)
{
	bg_mov_imm(g, 1, 1);
	bg_emit(g, BPF_STX | BPF_DW | BPF_ATOMIC, 0, 1, 0, BPF_ADD);
}

/* Every program ends at `done` returning 0. */
int gen_epilogue(struct gen *c, int done)
{
	bg_place(c->g, done);
	bg_mov_imm(c->g, 0, 0);
	bg_exit(c->g);
	int err = bg_finish(c->g);
	if (err == -E2BIG)
		return gen_fail(c, NULL, "the program would be too big for BPF's jumps (over %d branches, or a jump over "
					 "32767 instructions): fewer or shorter expressions", BG_MAX_LABELS);
	if (err)
		return gen_fail(c, NULL, "code generation failed (%s)", err == -ENOMEM ? "out of memory" : "a bug");
	return 0;
}

/* Every generated program starts here: the context kept in R_CTX, the
 * pid/tgid in R_ID (when need_id or a filter wants it), and the process
 * filters, each jumping to `done`. */
void gen_prologue(struct gen *c, const struct tg_filters *f, bool need_id, int done)
{
	struct bpfgen *g = c->g;
	bg_mov_reg(g, R_CTX, 1);
	/* A helper call per event is worth skipping when nothing needs it. */
	if (need_id || f->tgid || f->self || f->tid) {
		bg_call(g, BPF_FUNC_get_current_pid_tgid);
		bg_mov_reg(g, R_ID, 0);
	}
	if (f->tgid || f->self) {
		bg_mov_reg(g, 1, R_ID);
		bg_alu_imm(g, BPF_RSH, 1, 32);
		if (f->tgid)
			bg_jmp_imm(g, BPF_JNE, 1, (int32_t)f->tgid, done);
		if (f->self)
			bg_jmp_imm(g, BPF_JEQ, 1, (int32_t)f->self, done);
	}
	if (f->tid) {
		bg_emit(g, BPF_ALU | BPF_MOV | BPF_X, 1, R_ID, 0, 0); /* low 32 bits */
		bg_jmp_imm(g, BPF_JNE, 1, (int32_t)f->tid, done);
	}
	if (f->uid >= 0) {
		bg_call(g, BPF_FUNC_get_current_uid_gid);
		bg_emit(g, BPF_ALU | BPF_MOV | BPF_X, 0, 0, 0, 0);
		bg_jmp_imm(g, BPF_JNE, 0, (int32_t)f->uid, done);
	}
	if (f->cgroup_fd > 0) {
		bg_ld_map_fd(g, 1, f->cgroup_fd);
		bg_mov_imm(g, 2, 0);
		bg_call(g, BPF_FUNC_current_task_under_cgroup);
		bg_jmp_imm(g, BPF_JNE, 0, 1, done);
	}
}
