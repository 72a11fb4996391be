#include "core/disasm.h"

#include "core/btfenum.h"

#include <stdint.h>

static const char *const alu_ops[16] = {
	[BPF_ADD >> 4] = "+=", [BPF_SUB >> 4] = "-=", [BPF_MUL >> 4] = "*=", [BPF_DIV >> 4] = "/=",
	[BPF_OR >> 4] = "|=",  [BPF_AND >> 4] = "&=", [BPF_LSH >> 4] = "<<=", [BPF_RSH >> 4] = ">>=",
	[BPF_NEG >> 4] = "neg", [BPF_MOD >> 4] = "%=", [BPF_XOR >> 4] = "^=", [BPF_MOV >> 4] = "=",
	[BPF_ARSH >> 4] = "s>>=", [BPF_END >> 4] = "endian",
};

static const char *const jmp_ops[16] = {
	[BPF_JEQ >> 4] = "==",	[BPF_JGT >> 4] = ">",	[BPF_JGE >> 4] = ">=", [BPF_JSET >> 4] = "&",
	[BPF_JNE >> 4] = "!=",	[BPF_JSGT >> 4] = "s>", [BPF_JSGE >> 4] = "s>=", [BPF_JLT >> 4] = "<",
	[BPF_JLE >> 4] = "<=",	[BPF_JSLT >> 4] = "s<", [BPF_JSLE >> 4] = "s<=",
};

static const char *size_name(int sz)
{
	switch (sz) {
	case BPF_B:
		return "u8";
	case BPF_H:
		return "u16";
	case BPF_W:
		return "u32";
	default:
		return "u64";
	}
}

static void helper_name(const struct bpf_insn *in, char *buf, size_t len)
{
	const char *name = kernel_enum_name("bpf_func_id", in->imm, "BPF_FUNC_");
	if (name)
		snprintf(buf, len, "call bpf_%s#%d", name, in->imm);
	else
		snprintf(buf, len, "call helper#%d", in->imm);
}

int disasm_insn(const struct bpf_insn *in, size_t left, char *buf, size_t len)
{
	return disasm_insn_xlated(in, left, buf, len, NULL);
}

int disasm_insn_xlated(const struct bpf_insn *in, size_t left, char *buf, size_t len, const struct disasm_xlated *x)
{
	int cls = BPF_CLASS(in->code);
	int op = BPF_OP(in->code);
	const char *r = (cls == BPF_ALU) ? "w" : "r";

	switch (cls) {
	case BPF_ALU:
	case BPF_ALU64:
		if (op == BPF_NEG)
			snprintf(buf, len, "%s%d = -%s%d", r, in->dst_reg, r, in->dst_reg);
		else if (op == BPF_END)
			snprintf(buf, len, "r%d = %s%d r%d", in->dst_reg,
				 BPF_SRC(in->code) == BPF_TO_BE ? "be" : "le", in->imm, in->dst_reg);
		else if (BPF_SRC(in->code) == BPF_X)
			snprintf(buf, len, "%s%d %s %s%d", r, in->dst_reg, alu_ops[op >> 4] ?: "?", r, in->src_reg);
		else
			snprintf(buf, len, "%s%d %s %d", r, in->dst_reg, alu_ops[op >> 4] ?: "?", in->imm);
		return 1;
	case BPF_LDX:
		snprintf(buf, len, "r%d = *(%s *)(r%d %+d)", in->dst_reg, size_name(BPF_SIZE(in->code)),
			 in->src_reg, in->off);
		return 1;
	case BPF_STX:
		if (BPF_MODE(in->code) == BPF_ATOMIC)
			snprintf(buf, len, "lock *(%s *)(r%d %+d) %s r%d", size_name(BPF_SIZE(in->code)),
				 in->dst_reg, in->off, in->imm == BPF_ADD ? "+=" : "atomic-op", in->src_reg);
		else
			snprintf(buf, len, "*(%s *)(r%d %+d) = r%d", size_name(BPF_SIZE(in->code)), in->dst_reg,
				 in->off, in->src_reg);
		return 1;
	case BPF_ST:
		snprintf(buf, len, "*(%s *)(r%d %+d) = %d", size_name(BPF_SIZE(in->code)), in->dst_reg, in->off,
			 in->imm);
		return 1;
	case BPF_LD:
		if (in->code == (BPF_LD | BPF_IMM | BPF_DW) && left >= 2) {
			uint64_t v = (uint32_t)in[0].imm | ((uint64_t)(uint32_t)in[1].imm << 32);
			if (in->src_reg == BPF_PSEUDO_MAP_FD)
				snprintf(buf, len, x ? "r%d = map[id:%d] ll" : "r%d = map_fd %d ll", in->dst_reg,
					 in->imm);
			else if (x && in->src_reg == BPF_PSEUDO_MAP_VALUE)
				snprintf(buf, len, "r%d = map[id:%d][0]+%u ll", in->dst_reg, in[0].imm,
					 (unsigned)in[1].imm);
			else if (in->src_reg == BPF_PSEUDO_MAP_VALUE)
				snprintf(buf, len, "r%d = map_value(fd %d) + %u ll", in->dst_reg, in[0].imm,
					 (unsigned)in[1].imm);
			else
				snprintf(buf, len, "r%d = 0x%llx ll", in->dst_reg, (unsigned long long)v);
			return 2;
		}
		snprintf(buf, len, "ld (legacy) code 0x%02x", in->code);
		return 1;
	case BPF_JMP:
	case BPF_JMP32:
		if (op == BPF_EXIT) {
			snprintf(buf, len, "exit");
		} else if (op == BPF_CALL) {
			if (in->src_reg == BPF_PSEUDO_CALL)
				snprintf(buf, len, "call pc%+d", in->imm);
			else if (in->src_reg == BPF_PSEUDO_KFUNC_CALL)
				snprintf(buf, len, "call kfunc#%d", in->imm);
			else if (x)
				x->call(in, buf, len);
			else
				helper_name(in, buf, len);
		} else if (op == BPF_JA) {
			snprintf(buf, len, "goto pc%+d", in->off);
		} else {
			const char *w = cls == BPF_JMP32 ? "w" : "r";
			if (BPF_SRC(in->code) == BPF_X)
				snprintf(buf, len, "if %s%d %s %s%d goto pc%+d", w, in->dst_reg,
					 jmp_ops[op >> 4] ?: "?", w, in->src_reg, in->off);
			else
				snprintf(buf, len, "if %s%d %s %d goto pc%+d", w, in->dst_reg,
					 jmp_ops[op >> 4] ?: "?", in->imm, in->off);
		}
		return 1;
	}
	snprintf(buf, len, "unknown code 0x%02x", in->code);
	return 1;
}

void disasm_print(FILE *out, const struct bpf_insn *insns, size_t cnt)
{
	char line[128];
	for (size_t i = 0; i < cnt;) {
		int n = disasm_insn(&insns[i], cnt - i, line, sizeof(line));
		fprintf(out, "%5zu: %s\n", i, line);
		i += n;
	}
}
