#include "core/tracegen.h"

#include "core/constants.h"
#include "core/features.h"
#include "core/pattern.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* x86_64 struct pt_regs: where the calling convention puts arguments 1-6,
 * and the return value. */
static const int16_t arg_offset[6] = { 112, 104, 96, 88, 72, 64 };
#define RETVAL_OFFSET 80

#define R_CTX 6
#define R_EVENT 7
#define R_ID 8
#define R_ENTRY 9 /* argdist at a return: what the entry program saved */
/* The stack: a map key at -8, a map value at -16, then expression spills. */
#define FP_KEY (-8)
#define FP_VALUE (-16)
#define SPILL_BASE (-24)
#define MAX_DEPTH 24
/* Below the spills: an argdist key of numbers, then STRCMP's copy of the
 * string it compares. */
#define KEYBUF_SIZE 64
#define FP_KEYBUF (SPILL_BASE - 8 * MAX_DEPTH - KEYBUF_SIZE)
#define STR_BUF_SIZE 128
#define STR_BUF (FP_KEYBUF - STR_BUF_SIZE)

struct gen {
	struct bpfgen *g;
	const struct ts_probe *p;
	const struct tg_tracepoint *tp;
	int depth;
	char *err;
	size_t errlen;
	bool failed;
	bool has_entry; /* R_ENTRY holds the saved entry: $latency, $entry() */
	struct tg_program *out;
	const struct tg_filters *f;
	/* The C type of the value in r0 (NULL: a plain 64-bit number).  A
	 * CT_STRUCT type means r0 holds the struct's address. */
	const struct ct_type *type;
	char type_err[200];
};

static int fail(struct gen *c, const struct ts_node *n, const char *fmt, ...)
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

int tg_tracepoint_load(const char *category, const char *event, struct tg_tracepoint *tp, char *err,
		       size_t errlen)
{
	memset(tp, 0, sizeof(*tp));
	const char *tfs = tracefs_path();
	if (!tfs) {
		snprintf(err, errlen, "tracepoint %s:%s needs tracefs: %s", category, event, strerror(errno));
		return -ENOENT;
	}
	char path[512];
	snprintf(path, sizeof(path), "%s/events/%s/%s/format", tfs, category, event);
	FILE *f = fopen(path, "r");
	if (!f) {
		int e = errno;
		snprintf(err, errlen, "no tracepoint %s:%s (%s)", category, event, strerror(e));
		return -e;
	}
	char line[512];
	while (fgets(line, sizeof(line), f)) {
		int id;
		if (sscanf(line, "ID: %d", &id) == 1) {
			tp->id = id;
			continue;
		}
		char *field = strstr(line, "field:");
		if (!field || tp->nfields == TG_MAX_FIELDS)
			continue;
		/* "field:const char * filename;	offset:24;	size:8;	signed:0;" */
		char decl[200];
		int off, size, sgn;
		if (sscanf(field, "field:%199[^;];\toffset:%d;\tsize:%d;\tsigned:%d;", decl, &off, &size, &sgn) != 4)
			continue;
		struct tg_field *fl = &tp->fields[tp->nfields++];
		/* "char comm[16]": an array after the name; "__data_loc char[]
		 * filename": a dynamic one, before it. */
		size_t dl = strlen(decl);
		char *br = dl && decl[dl - 1] == ']' ? strrchr(decl, '[') : strstr(decl, "[]");
		fl->array = br != NULL;
		if (br && decl[dl - 1] == ']')
			*br = 0;
		else if (br)
			memmove(br, br + 2, strlen(br + 2) + 1);
		size_t n = strlen(decl), e = n;
		while (e > 0 && (isalnum((unsigned char)decl[e - 1]) || decl[e - 1] == '_'))
			e--;
		snprintf(fl->name, sizeof(fl->name), "%.63s", decl + e);
		decl[e] = 0;
		snprintf(fl->type, sizeof(fl->type), "%s", decl);
		fl->offset = off;
		fl->size = size;
		fl->is_signed = sgn;
	}
	fclose(f);
	if (!tp->id) {
		snprintf(err, errlen, "tracepoint %s:%s has no ID in its format", category, event);
		return -ENOENT;
	}
	return 0;
}

static const struct tg_field *field(const struct tg_tracepoint *tp, const char *name)
{
	for (int i = 0; tp && i < tp->nfields; i++)
		if (!strcmp(tp->fields[i].name, name))
			return &tp->fields[i];
	return NULL;
}

static int size_code(int size)
{
	return size == 1 ? BPF_B : size == 2 ? BPF_H : size == 4 ? BPF_W : BPF_DW;
}

/* r0 = r0 truncated to bytes, sign- or zero-extended. */
static void extend(struct bpfgen *g, int bytes, bool is_signed)
{
	if (bytes >= 8)
		return;
	bg_alu_imm(g, BPF_LSH, 0, 64 - 8 * bytes);
	bg_alu_imm(g, is_signed ? BPF_ARSH : BPF_RSH, 0, 64 - 8 * bytes);
}

static bool is_ret(const struct ts_probe *p)
{
	return p->kind == TS_KRETPROBE || p->kind == TS_URETPROBE;
}

static int spill_slot(struct gen *c, const struct ts_node *n)
{
	if (c->depth >= MAX_DEPTH)
		return fail(c, n, "expression too deep"), 0;
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
	char err[200];
	const struct ct_type *t = ct_parse(NULL, decl, err, sizeof(err));
	if (t && (t->kind == CT_INT || (t->kind == CT_PTR && t->target && t->target->kind == CT_INT)))
		return t;
	const struct ct_type *plain = t; /* a pointer to a struct of unknown layout, or NULL */
	struct ct_source *s = types(c);
	if (s && (t = ct_parse(s, decl, err, sizeof(err))))
		return t;
	if (s)
		snprintf(c->type_err, sizeof(c->type_err), "%s", err);
	return plain;
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
	extend(g, size, is_signed);
	return 0;
}

/* r0 holds an address of a value of type t: load it, or keep the address
 * of an aggregate (arrays decay to a pointer to their first element). */
static int load_typed(struct gen *c, const struct ts_node *n, const struct ct_type *t, int bit_offset, int bit_size)
{
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
	} else if (load_mem(c, n, t->size, t->is_signed)) {
		return -EINVAL;
	}
	c->type = t;
	return 0;
}

static int gen(struct gen *c, const struct ts_node *n);

/* lhs->name, lhs.name: a member of a struct whose type is known. */
static int gen_member(struct gen *c, const struct ts_node *n)
{
	if (gen(c, n->lhs))
		return -EINVAL;
	const struct ct_type *t = c->type, *st = NULL;
	if (n->arrow && t && t->kind == CT_PTR && t->target && t->target->kind == CT_STRUCT)
		st = t->target;
	else if (!n->arrow && t && t->kind == CT_STRUCT)
		st = t;
	if (!st) {
		if (!t)
			return fail(c, n, "'%s%s': the type of the left side is unknown%s%s", n->arrow ? "->" : ".",
				    n->name, c->type_err[0] ? ": " : " (give it in the signature or a cast)",
				    c->type_err);
		return fail(c, n, "'%s%s': '%s' is not a %s", n->arrow ? "->" : ".", n->name, t->name,
			    n->arrow ? "pointer to a struct" : "struct");
	}
	if (st->size == 0)
		return fail(c, n, "'%s%s': '%s' has no known layout%s%s", n->arrow ? "->" : ".", n->name, st->name,
			    c->type_err[0] ? ": " : "", c->type_err);
	struct ct_member m;
	if (ct_member(st, n->name, &m))
		return fail(c, n, "%s has no member '%s'", st->name, n->name);
	if (m.offset)
		bg_alu_imm(c->g, BPF_ADD, 0, m.offset);
	return load_typed(c, n, m.type, m.bit_offset, m.bit_size);
}

/* r0 = (r0 op r1) as 0/1. */
static void compare(struct bpfgen *g, const char *op)
{
	int jop = !strcmp(op, "==") ? BPF_JEQ : !strcmp(op, "!=") ? BPF_JNE : !strcmp(op, "<") ? BPF_JSLT
		: !strcmp(op, "<=") ? BPF_JSLE : !strcmp(op, ">") ? BPF_JSGT : BPF_JSGE;
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
		return fail(c, n, "'%s': %s:%s has %d argument%s here", n->name, c->p->provider ? c->p->provider : "",
			    c->p->func, s->nargs, s->nargs == 1 ? "" : "s");
	const struct usdt_arg *a = &s->args[k];
	switch (a->kind) {
	case USDT_ARG_CONST:
		bg_mov_imm(c->g, 0, a->value);
		return 0;
	case USDT_ARG_REG:
		bg_ldx(c->g, BPF_DW, 0, R_CTX, (int16_t)a->reg_offset);
		extend(c->g, a->size, a->is_signed);
		return 0;
	case USDT_ARG_MEM:
		bg_ldx(c->g, BPF_DW, 0, R_CTX, (int16_t)a->reg_offset);
		if (a->value)
			bg_alu_imm(c->g, BPF_ADD, 0, (int32_t)a->value);
		return load_mem(c, n, a->size, a->is_signed);
	}
	return fail(c, n, "unreadable USDT argument");
}

/* r0 holds parameter k's register: give it the signature's type. */
static void param_value(struct gen *c, int k)
{
	/* A type nothing knows keeps the whole register. */
	const struct ct_type *t = decl_type(c, c->p->params[k].type);
	if (t && t->kind == CT_INT)
		extend(c->g, t->size, t->is_signed);
	c->type = t && t->kind != CT_STRUCT ? t : NULL;
}

static int gen_var(struct gen *c, const struct ts_node *n)
{
	struct bpfgen *g = c->g;
	const char *v = n->name;
	if (!strcmp(v, "pid") || !strcmp(v, "tgid")) {
		bg_call(g, BPF_FUNC_get_current_pid_tgid);
		if (!strcmp(v, "tgid"))
			bg_alu_imm(g, BPF_RSH, 0, 32);
		else
			extend(g, 4, false);
	} else if (!strcmp(v, "uid") || !strcmp(v, "gid")) {
		bg_call(g, BPF_FUNC_get_current_uid_gid);
		if (!strcmp(v, "gid"))
			bg_alu_imm(g, BPF_RSH, 0, 32);
		else
			extend(g, 4, false);
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
			return fail(c, n, "'$entry(%s)': no such parameter", n->lhs->name);
		bg_ldx(g, BPF_DW, 0, R_ENTRY, 8 + 8 * k);
		param_value(c, k);
	} else if (!strcmp(v, "COMM")) {
		return fail(c, n, "'$COMM' is a string: only a whole char* key can be $COMM");
	} else {
		return fail(c, n, "'$%s' is argdist's", v);
	}
	return 0;
}

static int gen_ident(struct gen *c, const struct ts_node *n)
{
	struct bpfgen *g = c->g;
	const char *name = n->name;
	if (n->constant) {
		int64_t v;
		if (constant_value(name, user_probe(c->p) ? NULL : types(c), &v))
			return fail(c, n, "unknown constant '%s' (not in bpfkit's table%s): write the number", name,
				    user_probe(c->p) ? "" : " nor a kernel enumerator");
		bg_mov_imm(g, 0, v);
		return 0;
	}
	if (!strcmp(name, "retval")) {
		bg_ldx(g, BPF_DW, 0, R_CTX, RETVAL_OFFSET);
		return 0;
	}
	if (!strcmp(name, "args"))
		return fail(c, n, "'args' is not a value: args->FIELD");
	int k = -1;
	if (!strncmp(name, "arg", 3) && name[3] >= '1' && name[3] <= '6' && !name[4])
		k = name[3] - '1';
	for (int i = 0; k < 0 && i < c->p->nparams; i++)
		if (!strcmp(c->p->params[i].name, name))
			k = i;
	if (k < 0)
		return fail(c, n, "unknown name '%s'", name);
	if (is_ret(c->p))
		return fail(c, n, "'%s': arguments are gone at a return probe (argdist's $entry() keeps them)", name);
	if (c->p->kind == TS_USDT)
		return usdt_arg(c, n, k);
	bg_ldx(g, BPF_DW, 0, R_CTX, arg_offset[k]);
	if (k < c->p->nparams)
		param_value(c, k);
	return 0;
}

static void read_string(struct bpfgen *g, int base, int off, int size, bool user_first);

/* STRCMP("lit", expr): 1 when the string at expr is exactly lit.  Reading
 * two bytes more than lit tells a longer string from an equal one. */
static int gen_strcmp(struct gen *c, const struct ts_node *n)
{
	struct bpfgen *g = c->g;
	const char *lit = n->rhs->name;
	int len = (int)strlen(lit);
	if (len + 2 > STR_BUF_SIZE)
		return fail(c, n, "STRCMP compares at most %d characters", STR_BUF_SIZE - 2);
	if (gen(c, n->lhs))
		return -EINVAL;
	int no = bg_label(g), done = bg_label(g);
	read_string(g, 10, STR_BUF, len + 2, user_memory(c, n->lhs));
	bg_jmp_imm(g, BPF_JSLE, 0, 0, no);
	for (int i = 0; i <= len; i++) {
		bg_ldx(g, BPF_B, 1, 10, STR_BUF + i);
		bg_jmp_imm(g, BPF_JNE, 1, (unsigned char)lit[i], no);
	}
	bg_mov_imm(g, 0, 1);
	bg_ja(g, done);
	bg_place(g, no);
	bg_mov_imm(g, 0, 0);
	bg_place(g, done);
	c->type = NULL;
	return 0;
}

/* args->FIELD on a tracepoint: a number, a fixed array (its address in
 * the record), or a __data_loc dynamic array (offset and length packed
 * into 32 bits). */
static int gen_field(struct gen *c, const struct ts_node *n)
{
	struct bpfgen *g = c->g;
	const struct tg_field *f = field(c->tp, n->name);
	if (!f)
		return fail(c, n, "tracepoint %s:%s has no field '%s'", c->p->lib, c->p->func, n->name);
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
	bg_ldx(g, size_code(f->size), 0, R_CTX, f->offset);
	if (f->is_signed)
		extend(g, f->size, true);
	if (strchr(f->type, '*'))
		c->type = decl_type(c, f->type);
	return 0;
}

static int gen(struct gen *c, const struct ts_node *n)
{
	struct bpfgen *g = c->g;
	if (c->failed)
		return -EINVAL;
	c->type = NULL;
	switch (n->kind) {
	case TN_NUM:
		bg_mov_imm(g, 0, (int64_t)n->num);
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
		if (gen(c, n->lhs))
			return -EINVAL;
		const struct ct_type *t = decl_type(c, n->name);
		if (t && t->kind == CT_STRUCT)
			return fail(c, n, "cannot cast to a struct ('%s'): cast to a pointer", n->name);
		if (!t)
			return fail(c, n, "unknown type '%s' in the cast%s%s", n->name, c->type_err[0] ? ": " : "",
				    c->type_err);
		if (t->kind == CT_INT)
			extend(g, t->size, t->is_signed);
		c->type = t;
		return 0;
	}
	case TN_UNARY:
		if (gen(c, n->lhs))
			return -EINVAL;
		if (!strcmp(n->op, "-")) {
			bg_emit(g, BPF_ALU64 | BPF_NEG, 0, 0, 0, 0);
		} else if (!strcmp(n->op, "~")) {
			bg_alu_imm(g, BPF_XOR, 0, -1);
		} else if (!strcmp(n->op, "!")) {
			bg_mov_imm(g, 1, 0);
			compare(g, "==");
		} else { /* '*': what the pointer points to; 8 bytes when untyped */
			const struct ct_type *t = c->type;
			if (t && t->kind == CT_PTR && t->target)
				return load_typed(c, n, t->target, 0, 0);
			if (t && t->kind != CT_PTR)
				return fail(c, n, "'*' of '%s', which is not a pointer", t->name);
			return load_mem(c, n, 8, false);
		}
		c->type = NULL;
		return 0;
	case TN_INDEX: {
		if (gen(c, n->lhs))
			return -EINVAL;
		const struct ct_type *t = c->type;
		if (!t || t->kind != CT_PTR || !t->target)
			return fail(c, n, "'[]' needs a typed pointer or array on its left (a signature or a cast)");
		const struct ct_type *elem = t->target;
		int slot = spill_slot(c, n);
		if (c->failed)
			return -EINVAL;
		bg_stx(g, BPF_DW, 10, slot, 0);
		c->depth++;
		int err = gen(c, n->rhs);
		c->depth--;
		if (err)
			return err;
		bg_alu_imm(g, BPF_MUL, 0, elem->size);
		bg_ldx(g, BPF_DW, 1, 10, slot);
		bg_alu_reg(g, BPF_ADD, 0, 1);
		return load_typed(c, n, elem, 0, 0);
	}
	case TN_BINARY: {
		bool logical = !strcmp(n->op, "&&") || !strcmp(n->op, "||");
		if (logical) {
			int out = bg_label(g), done = bg_label(g);
			if (gen(c, n->lhs))
				return -EINVAL;
			/* && stops at a false left side, || at a true one. */
			bg_jmp_imm(g, n->op[0] == '&' ? BPF_JEQ : BPF_JNE, 0, 0, out);
			if (gen(c, n->rhs))
				return -EINVAL;
			bg_mov_imm(g, 1, 0);
			compare(g, "!=");
			bg_ja(g, done);
			bg_place(g, out);
			bg_mov_imm(g, 0, n->op[0] == '&' ? 0 : 1);
			bg_place(g, done);
			return 0;
		}
		int slot = spill_slot(c, n);
		if (c->failed || gen(c, n->lhs))
			return -EINVAL;
		bg_stx(g, BPF_DW, 10, slot, 0);
		c->depth++;
		int err = gen(c, n->rhs);
		c->depth--;
		if (err)
			return err;
		bg_ldx(g, BPF_DW, 1, 10, slot);
		static const struct { const char *op; int alu; } alus[] = {
			{ "+", BPF_ADD }, { "-", BPF_SUB }, { "*", BPF_MUL }, { "/", BPF_DIV }, { "%", BPF_MOD },
			{ "&", BPF_AND }, { "|", BPF_OR },  { "^", BPF_XOR }, { "<<", BPF_LSH }, { ">>", BPF_RSH },
		};
		for (size_t i = 0; i < sizeof(alus) / sizeof(alus[0]); i++)
			if (!strcmp(n->op, alus[i].op)) {
				bg_alu_reg(g, alus[i].alu, 1, 0);
				bg_mov_reg(g, 0, 1);
				return 0;
			}
		compare(g, n->op);
		return 0;
	}
	case TN_STRCMP:
		return gen_strcmp(c, n);
	case TN_STR:
		return fail(c, n, "a string is only allowed in STRCMP");
	}
	return fail(c, n, "unsupported expression");
}

/* A NUL-terminated string from the address in r0 into base+off.  The
 * kernel refuses user addresses to probe_read_kernel and the other way
 * round, so a failed read is retried in the other address space: a
 * syscall's user pointer seen from a kprobe still reads. */
static void read_string(struct bpfgen *g, int base, int off, int size, bool user_first)
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
		bg_call(g, user ? BPF_FUNC_probe_read_user_str : BPF_FUNC_probe_read_kernel_str);
		if (!pass)
			bg_jmp_imm(g, BPF_JSGE, 0, 0, done);
	}
	bg_place(g, done);
}

/* Which memory a %s argument points into. */
static bool user_string(const struct ts_probe *p, const struct ts_node *n)
{
	if (n->user)
		return true;
	switch (p->kind) {
	case TS_UPROBE:
	case TS_URETPROBE:
	case TS_USDT:
		return true;
	case TS_TRACEPOINT:
		return p->lib && !strcmp(p->lib, "syscalls");
	default:
		return false;
	}
}

/* r1 = the map, r2 = a key on the stack at fp+off: a map helper's first
 * two arguments. */
static void stack_key_args(struct bpfgen *g, int map_fd, int off)
{
	bg_ld_map_fd(g, 1, map_fd);
	bg_mov_reg(g, 2, 10);
	bg_alu_imm(g, BPF_ADD, 2, off);
}

/* Every program ends at `done` returning 0. */
static int epilogue(struct gen *c, int done)
{
	bg_place(c->g, done);
	bg_mov_imm(c->g, 0, 0);
	bg_exit(c->g);
	if (bg_finish(c->g))
		return fail(c, NULL, "code generation failed (out of memory)");
	return 0;
}

/* Every generated program starts here: the context kept in R_CTX, the
 * pid/tgid in R_ID (when need_id or a filter wants it), and the process
 * filters, each jumping to `done`. */
static void prologue(struct gen *c, const struct tg_filters *f, bool need_id, int done)
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

int tg_compile(const struct ts_probe *p, int id, const struct tg_tracepoint *tp, const struct tg_filters *f,
	       int string_size, int scratch_fd, int events_fd, struct tg_program *out, char *err, size_t errlen)
{
	memset(out, 0, sizeof(*out));
	struct bpfgen *g = &out->g;
	bg_init(g);
	struct gen c = { .g = g, .p = p, .tp = tp, .err = err, .errlen = errlen, .out = out, .f = f };
	err[0] = 0;
	if (p->kind == TS_USDT && !f->usdt)
		return fail(&c, NULL, "USDT probe without its site");
	out->prog_type = p->kind == TS_TRACEPOINT ? BPF_PROG_TYPE_TRACEPOINT : BPF_PROG_TYPE_KPROBE;

	/* Event layout: the header, then each argument. */
	int off = TG_HEADER;
	const char *fmt = p->format ? p->format : "";
	for (int i = 0; i < p->nargs; i++) {
		const char *pc = fmt;
		for (int k = 0; (pc = strchr(pc, '%'));) {
			if (pc[1] == '%') {
				pc += 2;
				continue;
			}
			if (k++ == i)
				break;
			pc++;
		}
		struct tg_slot *s = &out->slots[out->nslots++];
		size_t len = strspn(pc + 1, "lh");
		snprintf(s->conv, sizeof(s->conv), "%.*s", (int)len + 1, pc + 1);
		char last = s->conv[strlen(s->conv) - 1];
		if (last == 'p')
			return fail(&c, p->args[i], "%%p is not a trace conversion: %%llx");
		s->string = last == 's';
		s->offset = off;
		off += s->string ? (string_size + 7) / 8 * 8 : 8;
	}
	if (off > TG_EVENT_MAX)
		return fail(&c, NULL, "the event would be %d bytes: fewer or shorter strings (-Z)", off);
	out->event_size = off;

	int done = bg_label(g);
	prologue(&c, f, true, done);
	if (p->predicate) {
		if (gen(&c, p->predicate))
			return -EINVAL;
		bg_jmp_imm(g, BPF_JEQ, 0, 0, done);
	}
	/* The event buffer: a per-CPU map value (the BPF stack is 512 bytes). */
	bg_st_imm(g, BPF_DW, 10, FP_KEY, 0);
	stack_key_args(g, scratch_fd, FP_KEY);
	bg_call(g, BPF_FUNC_map_lookup_elem);
	bg_jmp_imm(g, BPF_JEQ, 0, 0, done);
	bg_mov_reg(g, R_EVENT, 0);
	bg_st_imm(g, BPF_W, R_EVENT, 0, id);
	bg_mov_reg(g, 1, R_ID);
	bg_alu_imm(g, BPF_RSH, 1, 32);
	bg_stx(g, BPF_W, R_EVENT, 4, 1);
	bg_stx(g, BPF_W, R_EVENT, 8, R_ID);
	bg_call(g, BPF_FUNC_get_smp_processor_id);
	bg_stx(g, BPF_W, R_EVENT, 12, 0);
	bg_call(g, BPF_FUNC_ktime_get_ns);
	bg_stx(g, BPF_DW, R_EVENT, 16, 0);
	bg_mov_reg(g, 1, R_EVENT);
	bg_alu_imm(g, BPF_ADD, 1, 24);
	bg_mov_imm(g, 2, 16);
	bg_call(g, BPF_FUNC_get_current_comm);
	for (int user = 0; user < 2; user++) {
		if (!(user ? f->user_stack : f->kernel_stack))
			continue;
		bg_mov_reg(g, 1, R_CTX);
		bg_ld_map_fd(g, 2, f->stack_fd);
		bg_mov_imm(g, 3, user ? BPF_F_USER_STACK : 0);
		bg_call(g, BPF_FUNC_get_stackid);
		bg_stx(g, BPF_DW, R_EVENT, user ? 48 : 40, 0);
	}
	for (int i = 0; i < p->nargs; i++) {
		if (gen(&c, p->args[i]))
			return -EINVAL;
		const struct tg_slot *s = &out->slots[i];
		if (s->string) {
			read_string(g, R_EVENT, s->offset, string_size, user_string(p, p->args[i]));
		} else {
			bg_stx(g, BPF_DW, R_EVENT, s->offset, 0);
		}
	}
	bg_mov_reg(g, 1, R_CTX);
	bg_ld_map_fd(g, 2, events_fd);
	bg_mov_imm(g, 3, 0xffffffffLL); /* BPF_F_CURRENT_CPU */
	bg_mov_reg(g, 4, R_EVENT);
	bg_mov_imm(g, 5, out->event_size);
	bg_call(g, BPF_FUNC_perf_event_output);
	return epilogue(&c, done);
}

void tg_program_free(struct tg_program *p)
{
	bg_free(&p->g);
	ct_close(p->types);
	p->types = NULL;
}

/* argdist */

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
	a->needs_entry = is_ret(p) && uses_entry(p->filter);
	for (int i = 0; i < p->nexprs; i++)
		a->needs_entry |= is_ret(p) && uses_entry(p->exprs[i]);
	if (!p->nexprs) {
		/* BCC's defaults: count the calls, or the return values. */
		a->default_expr = true;
		if (hist && !is_ret(p)) {
			snprintf(err, errlen, "a histogram needs a value: ...:type:expr (only r: probes default to "
					      "$retval)");
			return -EINVAL;
		}
		a->nkeys = 1;
		a->keys[0].bytes = is_ret(p) ? 4 : 8;
		a->keys[0].is_signed = is_ret(p);
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

/* *(u64 *)r0 += 1, atomically: CPUs count into the same entry. */
static void atomic_inc(struct bpfgen *g)
{
	bg_mov_imm(g, 1, 1);
	bg_emit(g, BPF_STX | BPF_DW | BPF_ATOMIC, 0, 1, 0, BPF_ADD);
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
		return fail(&c, NULL, "USDT probe without its site");
	out->prog_type = p->kind == TS_TRACEPOINT ? BPF_PROG_TYPE_TRACEPOINT : BPF_PROG_TYPE_KPROBE;
	int done = bg_label(g), cleanup = done;
	prologue(&c, f, a->needs_entry, done);
	if (a->needs_entry) {
		/* No entry seen (it began before we attached): nothing to say. */
		cleanup = bg_label(g);
		bg_stx(g, BPF_W, 10, FP_KEY, R_ID);
		stack_key_args(g, entry_fd, FP_KEY);
		bg_call(g, BPF_FUNC_map_lookup_elem);
		bg_jmp_imm(g, BPF_JEQ, 0, 0, done);
		bg_mov_reg(g, R_ENTRY, 0);
	}
	if (p->filter) {
		if (gen(&c, p->filter))
			return -EINVAL;
		bg_jmp_imm(g, BPF_JEQ, 0, 0, cleanup);
	}
	if (a->hist) {
		if (a->default_expr)
			bg_ldx(g, BPF_DW, 0, R_CTX, RETVAL_OFFSET);
		else if (gen(&c, p->exprs[0]))
			return -EINVAL;
		extend(g, a->keys[0].bytes, a->keys[0].is_signed);
		log2_slot(g);
		bg_stx(g, BPF_W, 10, FP_KEY, 0);
		stack_key_args(g, table_fd, FP_KEY);
		bg_call(g, BPF_FUNC_map_lookup_elem);
		bg_jmp_imm(g, BPF_JEQ, 0, 0, cleanup);
		atomic_inc(g);
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
			stack_key_args(g, scratch_fd, FP_KEY);
			bg_call(g, BPF_FUNC_map_lookup_elem);
			bg_jmp_imm(g, BPF_JEQ, 0, 0, cleanup);
			bg_mov_reg(g, R_EVENT, 0);
			for (int off = 0; off < a->key_size; off += 8)
				bg_st_imm(g, BPF_DW, R_EVENT, off, 0);
		}
		for (int i = 0; i < a->nkeys; i++) {
			const struct tg_key *k = &a->keys[i];
			if (a->default_expr) {
				if (is_ret(p))
					bg_ldx(g, BPF_DW, 0, R_CTX, RETVAL_OFFSET);
				else
					bg_mov_imm(g, 0, 1);
			} else if (p->exprs[i]->kind == TN_VAR && !strcmp(p->exprs[i]->name, "COMM")) {
				bg_mov_reg(g, 1, R_EVENT);
				bg_alu_imm(g, BPF_ADD, 1, k->offset);
				bg_mov_imm(g, 2, 16);
				bg_call(g, BPF_FUNC_get_current_comm);
				continue;
			} else if (gen(&c, p->exprs[i])) {
				return -EINVAL;
			}
			if (k->string) {
				read_string(g, R_EVENT, k->offset, k->bytes, user_string(p, p->exprs[i]));
				continue;
			}
			extend(g, k->bytes, k->is_signed);
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
		atomic_inc(g);
	}
	if (a->needs_entry) {
		/* The entry is used up: a thread's next call starts afresh. */
		bg_place(g, cleanup);
		bg_stx(g, BPF_W, 10, FP_KEY, R_ID);
		stack_key_args(g, entry_fd, FP_KEY);
		bg_call(g, BPF_FUNC_map_delete_elem);
	}
	return epilogue(&c, done);
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
	prologue(&c, f, true, done);
	/* { ktime, arg1..arg6 } at fp-64, the thread id key at fp-72. */
	bg_call(g, BPF_FUNC_ktime_get_ns);
	bg_stx(g, BPF_DW, 10, -TG_ENTRY_SIZE - 8, 0);
	for (int k = 0; k < 6; k++) {
		bg_ldx(g, BPF_DW, 0, R_CTX, arg_offset[k]);
		bg_stx(g, BPF_DW, 10, -TG_ENTRY_SIZE - 8 + 8 * (k + 1), 0);
	}
	bg_stx(g, BPF_W, 10, -TG_ENTRY_SIZE - 16, R_ID);
	stack_key_args(g, entry_fd, -TG_ENTRY_SIZE - 16);
	bg_mov_reg(g, 3, 10);
	bg_alu_imm(g, BPF_ADD, 3, -TG_ENTRY_SIZE - 8);
	bg_mov_imm(g, 4, BPF_ANY);
	bg_call(g, BPF_FUNC_map_update_elem);
	return epilogue(&c, done);
}
