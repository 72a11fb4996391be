/* Emitting BPF instructions directly: the code generator trace and argdist
 * compile their specs with, so bpfkit needs no compiler at run time.
 * Instructions go into a growing buffer; jumps to labels are fixed up
 * when the label is placed. */
#ifndef BPFKIT_CORE_BPFGEN_H
#define BPFKIT_CORE_BPFGEN_H
#include <linux/bpf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BG_MAX_LABELS 256

struct bpfgen {
	struct bpf_insn *insn;
	size_t n, cap;
	int label_at[BG_MAX_LABELS]; /* instruction index, -1 until placed */
	int nlabels;
	struct { size_t insn; int label; } fix[1024];
	int nfix;
	bool oom;
	bool full; /* more labels or jumps than the arrays hold */
};

void bg_init(struct bpfgen *g);
void bg_free(struct bpfgen *g);

void bg_emit(struct bpfgen *g, uint8_t code, uint8_t dst, uint8_t src, int16_t off, int32_t imm);
void bg_mov_imm(struct bpfgen *g, int dst, int64_t imm); /* 64-bit constants as ld_imm64 */
void bg_mov_reg(struct bpfgen *g, int dst, int src);
void bg_alu_imm(struct bpfgen *g, int op, int dst, int32_t imm);	/* BPF_ADD... 64-bit */
void bg_alu_reg(struct bpfgen *g, int op, int dst, int src);
void bg_ldx(struct bpfgen *g, int size, int dst, int src, int16_t off); /* BPF_B/H/W/DW */
void bg_stx(struct bpfgen *g, int size, int dst, int16_t off, int src);
void bg_st_imm(struct bpfgen *g, int size, int dst, int16_t off, int32_t imm);
void bg_ld_map_fd(struct bpfgen *g, int dst, int fd);
void bg_call(struct bpfgen *g, int helper);
void bg_exit(struct bpfgen *g);

int bg_label(struct bpfgen *g);		/* a new, unplaced label */
void bg_place(struct bpfgen *g, int label);
/* Conditional jump (BPF_JEQ...) of dst against imm or src, to label. */
void bg_jmp_imm(struct bpfgen *g, int op, int dst, int32_t imm, int label);
void bg_jmp_reg(struct bpfgen *g, int op, int dst, int src, int label);
void bg_ja(struct bpfgen *g, int label);

/* Resolve jumps; 0, or -ENOMEM, -E2BIG (more than BG_MAX_LABELS labels or
 * 1024 jumps, or a jump over more than 32767 instructions) or -EINVAL (a
 * label never placed). */
int bg_finish(struct bpfgen *g);

#endif
