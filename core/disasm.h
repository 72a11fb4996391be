/* BPF instructions as text, for --ebpf and for the code trace/argdist
 * generate: readers should see the program the kernel verified. */
#ifndef BPFKIT_CORE_DISASM_H
#define BPFKIT_CORE_DISASM_H
#include <linux/bpf.h>
#include <stddef.h>
#include <stdio.h>

/* Returns the number of instruction slots consumed (2 for ld_imm64).  A
 * helper call is named from the running kernel's enum bpf_func_id
 * ("call bpf_map_lookup_elem#1"), helper#N where its BTF has none. */
int disasm_insn(const struct bpf_insn *insn, size_t left, char *buf, size_t len);
void disasm_print(FILE *out, const struct bpf_insn *insns, size_t cnt);

/* The kernel's own copy of a loaded program (its "xlated" instructions)
 * differs: a helper call holds the helper's address less __bpf_call_base,
 * which call() names, and a map load the map's ID. */
struct disasm_xlated {
	void (*call)(const struct bpf_insn *in, char *buf, size_t len);
};
int disasm_insn_xlated(const struct bpf_insn *insn, size_t left, char *buf, size_t len,
		       const struct disasm_xlated *x);

#endif
