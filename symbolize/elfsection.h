/* Facts any ELF file answers from its section headers: a section by name,
 * the build-id note, what its compressed DWARF would inflate to.  The
 * symbolizer's objects and the debug-file search both ask them. */
#ifndef BPFKIT_SYMBOLIZE_ELFSECTION_H
#define BPFKIT_SYMBOLIZE_ELFSECTION_H
#include <gelf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The section named want, its header in *sh; NULL when there is none. */
Elf_Scn *elf_section(Elf *e, const char *want, GElf_Shdr *sh);
/* A section of that name with contents in the file (not SHT_NOBITS). */
bool elf_has_section(Elf *e, const char *name);

/* Build-id note of an ELF, 0 if none. */
size_t elf_build_id(Elf *e, uint8_t *id, size_t max);

/* What libdw would allocate to inflate e's compressed DWARF sections, as
 * their headers declare (ELF's Chdr, GNU's .zdebug_): read before anything
 * is inflated, so a decompression bomb can be refused. */
uint64_t elf_debug_inflated_bytes(Elf *e);

#endif
