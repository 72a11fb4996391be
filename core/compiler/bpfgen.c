#include "core/compiler/bpfgen.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void bg_init(struct bpfgen *g)
{
	memset(g, 0, sizeof(*g));
	for (int i = 0; i < BG_MAX_LABELS; i++)
		g->label_at[i] = -1;
}

void bg_free(struct bpfgen *g)
{
	free(g->insn);
	g->insn = NULL;
}

void bg_emit(struct bpfgen *g, uint8_t code, uint8_t dst, uint8_t src, int16_t off, int32_t imm)
{
	if (g->n == g->cap) {
		size_t nc = g->cap ? g->cap * 2 : 256;
		struct bpf_insn *p = realloc(g->insn, nc * sizeof(*p));
		if (!p) {
			g->oom = true;
			return;
		}
		g->insn = p;
		g->cap = nc;
	}
	g->insn[g->n++] = (struct bpf_insn){ .code = code, .dst_reg = dst, .src_reg = src, .off = off, .imm = imm };
}

void bg_mov_imm(struct bpfgen *g, int dst, int64_t imm)
{
	if (imm >= INT32_MIN && imm <= INT32_MAX) {
		bg_emit(g, BPF_ALU64 | BPF_MOV | BPF_K, dst, 0, 0, (int32_t)imm);
		return;
	}
	bg_emit(g, BPF_LD | BPF_DW | BPF_IMM, dst, 0, 0, (int32_t)(uint32_t)imm);
	bg_emit(g, 0, 0, 0, 0, (int32_t)((uint64_t)imm >> 32));
}

void bg_mov_reg(struct bpfgen *g, int dst, int src)
{
	bg_emit(g, BPF_ALU64 | BPF_MOV | BPF_X, dst, src, 0, 0);
}

void bg_alu_imm(struct bpfgen *g, int op, int dst, int32_t imm)
{
	bg_emit(g, BPF_ALU64 | op | BPF_K, dst, 0, 0, imm);
}

void bg_alu_reg(struct bpfgen *g, int op, int dst, int src)
{
	bg_emit(g, BPF_ALU64 | op | BPF_X, dst, src, 0, 0);
}

void bg_ldx(struct bpfgen *g, int size, int dst, int src, int16_t off)
{
	bg_emit(g, BPF_LDX | size | BPF_MEM, dst, src, off, 0);
}

void bg_stx(struct bpfgen *g, int size, int dst, int16_t off, int src)
{
	bg_emit(g, BPF_STX | size | BPF_MEM, dst, src, off, 0);
}

void bg_st_imm(struct bpfgen *g, int size, int dst, int16_t off, int32_t imm)
{
	bg_emit(g, BPF_ST | size | BPF_MEM, dst, 0, off, imm);
}

void bg_ld_map_fd(struct bpfgen *g, int dst, int fd)
{
	bg_emit(g, BPF_LD | BPF_DW | BPF_IMM, dst, BPF_PSEUDO_MAP_FD, 0, fd);
	bg_emit(g, 0, 0, 0, 0, 0);
}

void bg_call(struct bpfgen *g, int helper)
{
	bg_emit(g, BPF_JMP | BPF_CALL, 0, 0, 0, helper);
}

void bg_exit(struct bpfgen *g)
{
	bg_emit(g, BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
}

int bg_label(struct bpfgen *g)
{
	if (g->nlabels == BG_MAX_LABELS) {
		g->full = true;
		return 0;
	}
	return g->nlabels++;
}

void bg_place(struct bpfgen *g, int label)
{
	g->label_at[label] = (int)g->n;
}

static void jump(struct bpfgen *g, uint8_t code, int dst, int src, int32_t imm, int label)
{
	if (g->nfix == (int)(sizeof(g->fix) / sizeof(g->fix[0]))) {
		g->full = true;
		return;
	}
	g->fix[g->nfix].insn = g->n;
	g->fix[g->nfix++].label = label;
	bg_emit(g, code, dst, src, 0, imm);
}

void bg_jmp_imm(struct bpfgen *g, int op, int dst, int32_t imm, int label)
{
	jump(g, BPF_JMP | op | BPF_K, dst, 0, imm, label);
}

void bg_jmp_reg(struct bpfgen *g, int op, int dst, int src, int label)
{
	jump(g, BPF_JMP | op | BPF_X, dst, src, 0, label);
}

void bg_ja(struct bpfgen *g, int label)
{
	jump(g, BPF_JMP | BPF_JA, 0, 0, 0, label);
}

int bg_finish(struct bpfgen *g)
{
	if (g->oom)
		return -ENOMEM;
	if (g->full)
		return -E2BIG;
	for (int i = 0; i < g->nfix; i++) {
		int at = g->label_at[g->fix[i].label];
		if (at < 0)
			return -EINVAL;
		/* A jump's offset is 16 bits: one that did not fit would land
		 * elsewhere, in a program the verifier might still take. */
		long off = (long)at - (long)g->fix[i].insn - 1;
		if (off < INT16_MIN || off > INT16_MAX)
			return -E2BIG;
		g->insn[g->fix[i].insn].off = (int16_t)off;
	}
	return 0;
}
