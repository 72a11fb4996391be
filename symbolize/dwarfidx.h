/* A lookup index over one ELF's DWARF: which compile unit holds an address,
 * and, built the first time a unit is asked about, its line table and the
 * tree of functions and inlined calls as sorted address ranges, so each
 * lookup is a few binary searches instead of a walk over the DIEs. */
#ifndef BPFKIT_SYMBOLIZE_DWARFIDX_H
#define BPFKIT_SYMBOLIZE_DWARFIDX_H
#include <libelf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct dwarf_index;

/* One level of the inline chain at an address. */
struct dw_frame {
	const char *name;	/* linkage name when there is one, else DW_AT_name */
	const char *file;	/* where this frame is at: the address's line for
				 * the innermost, the call site below it for the rest */
	unsigned line, column;
	bool inlined;		/* a DW_TAG_inlined_subroutine */
	/* For the innermost frame only: where it was inlined (eu-addr2line's
	 * "f inlined at FILE:LINE:COL in g"). */
	const char *call_file;
	unsigned call_line, call_column;
};

/* NULL when e has no usable DWARF. */
struct dwarf_index *dwarf_index_open(Elf *e);
void dwarf_index_free(struct dwarf_index *x);

/* Frames at addr, innermost first: the innermost inlined function down to
 * the out-of-line function.  Returns how many (0: DWARF knows nothing of
 * addr; 1 with a NULL name: a line but no function). */
int dwarf_index_lookup(struct dwarf_index *x, uint64_t addr, struct dw_frame *f, int max);
size_t dwarf_index_bytes(const struct dwarf_index *x);

#endif
