/* The binaries user probes go into: a library or program name to the file
 * (through a process's mappings, the library directories, PATH), and an
 * ELF address to the file offset a uprobe takes.  Below both the location
 * resolver (core/pattern.h) and the USDT reader (core/usdt.h), which each
 * need them and neither of which needs the other's header for them. */
#ifndef BPFKIT_CORE_BINARY_H
#define BPFKIT_CORE_BINARY_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Library or program name to a path: "c" -> /lib/x86_64-linux-gnu/libc.so.6.
 * pid (0 = none) lets a name resolve through that process's mappings.
 * -ENAMETOOLONG when the path does not fit in len (never a cut path, which
 * names another file), -ENOENT when there is none. */
int resolve_binary(const char *lib, int pid, char *path, size_t len);

/* Whether process pid maps the file at path (the libc a static program
 * does not have), by its file name in /proc/PID/maps. */
bool binary_mapped(int pid, const char *path);

/* An ELF virtual address to its file offset, through the loaded segments
 * (only executable ones when exec). 0 or -ENOENT. */
typedef struct Elf Elf;
int elf_vaddr_offset(Elf *elf, uint64_t addr, bool exec, uint64_t *off);

#endif
