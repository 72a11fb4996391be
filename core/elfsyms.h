/* ELF symbol questions a tool asks of a process's files (deadlock): does
 * a file define a function, and which global variable holds an address of
 * a running process (a static mutex's name, as BCC's deadlock prints it). */
#ifndef BPFKIT_CORE_ELFSYMS_H
#define BPFKIT_CORE_ELFSYMS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* 1 when the file at path defines function name (in .symtab or .dynsym),
 * 0 when it does not, or a negative errno when it is not a readable ELF. */
int elf_defines_function(const char *path, const char *name);

/* The data object (STT_OBJECT) of one of pid's mapped files holding addr,
 * demangled, with "+0xN" when addr is inside it: 1 and the name in buf, or
 * 0 when none holds it. */
int proc_data_symbol(int pid, uint64_t addr, char *buf, size_t len);

/* Name to address, the other way: each definition of name (function or
 * data object; .symtab and .dynsym give one each, counted once), at the
 * file's own virtual address (elf_symbol_addrs) or, for every file process
 * pid maps, where it is in the process (proc_symbol_addrs).  The number
 * found, at most max, or a negative errno when the file is not a readable
 * ELF or the process's mappings cannot be read. */
struct sym_addr {
	uint64_t addr, size;
	bool function;
	char file[256]; /* proc_symbol_addrs: the file, as the process sees it */
};
int elf_symbol_addrs(const char *path, const char *name, struct sym_addr *out, int max);
int proc_symbol_addrs(int pid, const char *name, struct sym_addr *out, int max);

#endif
