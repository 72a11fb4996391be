/* What the trace and argdist compilers share: the registers and stack
 * layout of a generated program, its prologue (process filters) and
 * epilogue, and the expression generator (core/compiler/exprgen.c), which turns a
 * spec's expression tree into instructions leaving the value in r0. */
#ifndef BPFKIT_CORE_EXPRGEN_H
#define BPFKIT_CORE_EXPRGEN_H
#include "core/compiler/program.h"

/* x86_64 struct pt_regs: where the calling convention puts arguments 1-6,
 * and the return value. */
extern const int16_t gen_arg_offset[6];
#define RETVAL_OFFSET 80
#define SP_OFFSET 152

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
	/* The integer type C gives that value, which picks signed or unsigned
	 * comparisons, division and shifts: argN and retval are unsigned long
	 * as in BCC, pointers too.  r0 always holds the value sign- or
	 * zero-extended from this size, so 64-bit instructions compute the
	 * narrower types' results. */
	struct gen_int {
		int size; /* bytes: 1, 2, 4, 8 */
		bool is_signed;
	} val;
	char type_err[256];
};


int gen_fail(struct gen *c, const struct ts_node *n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* r0 = the expression's value; c->type says what it is. */
int gen_expr(struct gen *c, const struct ts_node *n);
/* r0 truncated to bytes, sign- or zero-extended. */
void gen_extend(struct bpfgen *g, int bytes, bool is_signed);
void gen_prologue(struct gen *c, const struct tg_filters *f, bool need_id, int done);
int gen_epilogue(struct gen *c, int done);
/* Copy what r0 points at to base+off: a string (with its NUL, at most size
 * bytes) or size bytes; r0 after is the helper's result, negative on failure. */
void gen_read_string(struct bpfgen *g, int base, int off, int size, bool user_first);
void gen_read_bytes(struct bpfgen *g, int base, int off, int size, bool user_first);
void gen_stack_key_args(struct bpfgen *g, int map_fd, int off);
/* *(u64 *)r0 += 1, atomically: CPUs (or a program interrupting another on
 * one CPU) count into the same entry. */
void gen_atomic_inc(struct bpfgen *g);
/* Which address space a string at n is read from first (the other is
 * tried when that fails). */
bool gen_user_string(const struct gen *c, const struct ts_node *n);

#endif
