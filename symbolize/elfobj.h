/* One ELF file as the symbolizer sees it: how file offsets map to virtual
 * addresses, its function symbols, its identity (build-id, debuglink) and
 * where its DWARF lives (itself or a separate debug file). */
#ifndef BPFKIT_SYMBOLIZE_ELFOBJ_H
#define BPFKIT_SYMBOLIZE_ELFOBJ_H
#include <libelf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct dwarf_index;

struct esym {
	uint64_t addr, size;
	const char *name; /* points into a mapped string table */
	/* Which alias at one address names it: sized before sizeless, then
	 * global > unique > weak > local, then symbol-table order (libdwfl's
	 * rule, so names match addr2line's). */
	uint32_t order;
	uint8_t rank;
	bool sizeless;
};

struct elf_load {
	uint64_t off, vaddr, filesz;
};

struct elfobj {
	char *path;
	int fd;
	uint64_t ino;		/* of the file opened (0: in memory) */
	Elf *elf;
	void *mem;		/* owned image for elf_memory() (vdso) */
	/* Separate debug file: DWARF and, for stripped files, .symtab. */
	int dbg_fd;
	Elf *dbg;
	/* MiniDebugInfo: the xz-compressed ELF in .gnu_debugdata. */
	void *mini_mem;
	Elf *mini;
	struct elf_load *loads;
	size_t nloads;
	struct esym *syms;
	size_t nsyms;
	uint8_t build_id[64];
	size_t build_id_len;
	bool is_dyn;		/* ET_DYN: PIE or shared library */
	struct dwarf_index *dw;
	bool dw_tried;
	bool dw_refused;	/* its DWARF would inflate past the budget */
	bool dw_alt;		/* libdw may hold a dwz file open for it */
	size_t bytes;		/* what this object costs in memory, roughly */
};

/* Opens PATH (or, with mem, an in-memory image named PATH); roots is the
 * debuginfo search path.  Returns 0 or a negative errno. */
int elfobj_open(struct elfobj **out, const char *path, const void *mem, size_t len,
		const char *roots);
void elfobj_free(struct elfobj *o);

/* File offset (from a mapping) to the ELF's virtual address. */
bool elfobj_vaddr(const struct elfobj *o, uint64_t off, uint64_t *vaddr);
/* The function symbol holding vaddr, or NULL. */
const struct esym *elfobj_symbol(const struct elfobj *o, uint64_t vaddr);
/* The ELF that holds DWARF for this object (itself or its debug file). */
Elf *elfobj_dwarf_elf(const struct elfobj *o);

#endif
