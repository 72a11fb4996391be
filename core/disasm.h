/* BPF instructions as text, for --ebpf and for the code trace/argdist
 * generate: readers should see the program the kernel verified. */
#ifndef BPFKIT_CORE_DISASM_H
#define BPFKIT_CORE_DISASM_H
#include <linux/bpf.h>
#include <stddef.h>
#include <stdio.h>

/* Returns the number of instruction slots consumed (2 for ld_imm64). */
int disasm_insn(const struct bpf_insn *insn, size_t left, char *buf, size_t len);
void disasm_print(FILE *out, const struct bpf_insn *insns, size_t cnt);

#endif
