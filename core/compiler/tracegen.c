/* trace's program: the filters and predicate, then an event with the
 * format's values sent on a perf event array. */
#include "core/compiler/tracegen.h"

#include "core/compiler/exprgen.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

_Static_assert(sizeof(struct tg_header) == TG_HEADER && offsetof(struct tg_header, caller) == 56,
	       "the generated code writes struct tg_header by offset");

int tg_compile(const struct ts_probe *p, int id, const struct tg_tracepoint *tp, const struct tg_filters *f,
	       int string_size, int scratch_fd, int events_fd, int drops_fd, struct tg_program *out, char *err,
	       size_t errlen)
{
	memset(out, 0, sizeof(*out));
	struct bpfgen *g = &out->g;
	bg_init(g);
	struct gen c = { .g = g, .p = p, .tp = tp, .err = err, .errlen = errlen, .out = out, .f = f };
	err[0] = 0;
	if (p->kind == TS_USDT && !f->usdt)
		return gen_fail(&c, NULL, "USDT probe without its site");
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
		s->string = last == 's';
		s->offset = off;
		off += s->string ? (string_size + 7) / 8 * 8 : 8;
	}
	if (off > TG_EVENT_MAX)
		return gen_fail(&c, NULL, "the event would be %d bytes: fewer or shorter strings (-Z)", off);
	/* Stacks go in the event rather than a stack-trace map, which drops
	 * a stack whose bucket another holds and may reuse an id before the
	 * event is read. */
	if (f->kernel_stack)
		out->kstack_off = off, off += TG_STACK_BYTES;
	if (f->user_stack)
		out->ustack_off = off, off += f->user_build_id ? TG_BUILD_ID_STACK_BYTES : TG_STACK_BYTES;
	out->event_size = off;

	int done = bg_label(g);
	gen_prologue(&c, f, true, done);
	if (p->predicate) {
		if (gen_expr(&c, p->predicate))
			return -EINVAL;
		bg_jmp_imm(g, BPF_JEQ, 0, 0, done);
	}
	/* The event buffer: a per-CPU map value (the BPF stack is 512 bytes). */
	bg_st_imm(g, BPF_DW, 10, FP_KEY, 0);
	gen_stack_key_args(g, scratch_fd, FP_KEY);
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
		bg_mov_reg(g, 2, R_EVENT);
		bg_alu_imm(g, BPF_ADD, 2, user ? out->ustack_off : out->kstack_off);
		bool ids = user && f->user_build_id;
		bg_mov_imm(g, 3, ids ? TG_BUILD_ID_STACK_BYTES : TG_STACK_BYTES);
		bg_mov_imm(g, 4, user ? BPF_F_USER_STACK | (ids ? BPF_F_USER_BUILD_ID : 0) : 0);
		bg_call(g, BPF_FUNC_get_stack);
		bg_stx(g, BPF_DW, R_EVENT, user ? 48 : 40, 0);
	}
	bg_st_imm(g, BPF_DW, R_EVENT, 56, 0);
	if (f->user_stack && p->kind == TS_UPROBE && !p->offset) {
		bg_mov_reg(g, 1, R_EVENT);
		bg_alu_imm(g, BPF_ADD, 1, 56);
		bg_mov_imm(g, 2, 8);
		bg_ldx(g, BPF_DW, 3, R_CTX, SP_OFFSET);
		bg_call(g, BPF_FUNC_probe_read_user);
	}
	for (int i = 0; i < p->nargs; i++) {
		if (gen_expr(&c, p->args[i]))
			return -EINVAL;
		const struct tg_slot *s = &out->slots[i];
		if (s->string) {
			gen_read_string(g, R_EVENT, s->offset, string_size, gen_user_string(&c, p->args[i]));
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
	/* An event the buffer had no room for is counted here: the perf
	 * buffer's own lost records reach user space only with a later event
	 * on the same CPU, and never after the last one. */
	bg_jmp_imm(g, BPF_JEQ, 0, 0, done);
	bg_st_imm(g, BPF_DW, 10, FP_KEY, 0);
	gen_stack_key_args(g, drops_fd, FP_KEY);
	bg_call(g, BPF_FUNC_map_lookup_elem);
	bg_jmp_imm(g, BPF_JEQ, 0, 0, done);
	gen_atomic_inc(g);
	return gen_epilogue(&c, done);
}

void tg_program_free(struct tg_program *p)
{
	bg_free(&p->g);
	ct_close(p->types);
	p->types = NULL;
}
