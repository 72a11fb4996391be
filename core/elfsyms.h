/* ELF symbol questions a tool asks of a process's files (deadlock): does
 * a file define a function, and which global variable holds an address of
 * a running process (a static mutex's name, as BCC's deadlock prints it). */
#ifndef BPFKIT_CORE_ELFSYMS_H
#define BPFKIT_CORE_ELFSYMS_H
#include <stddef.h>
#include <stdint.h>

/* 1 when the file at path defines function name (in .symtab or .dynsym),
 * 0 when it does not, or a negative errno when it is not a readable ELF. */
int elf_defines_function(const char *path, const char *name);

/* The data object (STT_OBJECT) of one of pid's mapped files holding addr,
 * demangled, with "+0xN" when addr is inside it: 1 and the name in buf, or
 * 0 when none holds it. */
int proc_data_symbol(int pid, uint64_t addr, char *buf, size_t len);

#endif
