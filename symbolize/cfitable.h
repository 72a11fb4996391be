/* Unwind tables for walking user stacks without frame pointers (x86_64):
 * an ELF file's call frame information (.eh_frame, else .debug_frame, else
 * the separate debug file's .debug_frame) evaluated into a sorted array of
 * fixed-size rows that a BPF program can binary-search and apply with
 * nothing but additions and loads.
 *
 * Row i covers [rows[i].start, rows[i+1].start); the last row ends at
 * table.end.  Addresses are the ELF's own virtual addresses (subtract a
 * mapping's load bias first).  Addresses no FDE covers are rows of kind
 * CFI_CFA_NONE, so the table needs no end field per row.  Adjacent rows
 * with the same rules are merged.
 *
 * Row layout (16 bytes, naturally aligned, the same in a BPF map; the
 * return address is always at CFA - 8, the only place x86_64 compilers put
 * it -- a row that says otherwise is CFI_CFA_UNSUPPORTED):
 *   0  u64 start     first address of the row
 *   8  s32 cfa_off   CFA = base register + cfa_off (frames of 32 KB and
 *                    more exist: libc's printf family)
 *  12  s16 rbp_off   caller's RBP saved at CFA + rbp_off (CFI_RBP_CFA)
 *  14  u8  cfa_kind  enum cfi_cfa
 *  15  u8  bits 0-3: rbp_kind, enum cfi_rbp; bits 4-7: plt_min, for
 *                    CFI_CFA_PLT only: the CFA gets 8 more when
 *                    (rip & 15) >= plt_min
  */
#ifndef BPFKIT_SYMBOLIZE_CFITABLE_H
#define BPFKIT_SYMBOLIZE_CFITABLE_H
#include <stddef.h>
#include <stdint.h>

enum cfi_cfa {
	CFI_CFA_NONE = 0,	 /* no CFI here: fall back to frame pointers */
	CFI_CFA_RSP,		 /* CFA = RSP + cfa_off */
	CFI_CFA_RBP,		 /* CFA = RBP + cfa_off */
	CFI_CFA_PLT,		 /* CFA = RSP + cfa_off + ((RIP & 15) >= plt_min ? 8 : 0) */
	CFI_CFA_END,		 /* the outermost frame (_start, a thread's entry): the CFI
				  * says the return address is undefined */
	CFI_CFA_SIGNAL,		 /* a signal trampoline: the interrupted registers are in
				  * the ucontext at RSP, not described by rules */
	CFI_CFA_UNSUPPORTED,	 /* CFI the BPF side cannot apply (other expressions, CFA
				  * from another register, RA not at CFA - 8) */
};

enum cfi_rbp {
	CFI_RBP_SAME = 0,	 /* this frame leaves RBP as the caller had it */
	CFI_RBP_CFA,		 /* saved at CFA + rbp_off */
	CFI_RBP_UNDEFINED,	 /* not recoverable */
	CFI_RBP_UNSUPPORTED,	 /* in another register or an expression */
};

struct cfi_row {
	uint64_t start;
	int32_t cfa_off;
	int16_t rbp_off;
	uint8_t cfa_kind;
	uint8_t rbp_kind : 4;
	uint8_t plt_min : 4;
};
_Static_assert(sizeof(struct cfi_row) == 16, "struct cfi_row is a BPF map value layout");

struct cfi_table {
	struct cfi_row *rows;
	size_t nrows;
	uint64_t end;		/* where the last row ends */
	size_t fdes;		/* FDEs read */
	size_t unsupported;	/* rows of kind CFI_CFA_UNSUPPORTED */
	size_t holes;		/* rows of kind CFI_CFA_NONE */
	char source[32];	/* ".eh_frame", ".debug_frame" or "debug file" */
};

struct cfi_table_opts {
	const char *debuginfo_path; /* roots of separate debug files (NULL: default) */
	size_t max_rows;	    /* refuse bigger tables (0: CFI_TABLE_MAX_ROWS) */
};

/* 4 Mi rows: 64 MB, more than libjvm.so's table. */
#define CFI_TABLE_MAX_ROWS (4u << 20)

/* Builds path's table into *t.  Returns 0, or a negative errno with why in
 * err (-ENOENT: the file has no CFI; -E2BIG: over max_rows; -EINVAL: the
 * CFI is malformed; -ENOEXEC: not an ELF file). */
int cfi_table_build(const char *path, const struct cfi_table_opts *opts, struct cfi_table *t, char *err,
		    size_t errlen);
void cfi_table_free(struct cfi_table *t);

/* The row covering addr (the BPF side's binary search), or NULL outside
 * [rows[0].start, end). */
const struct cfi_row *cfi_table_find(const struct cfi_table *t, uint64_t addr);
/* The end of rows[i]. */
uint64_t cfi_row_end(const struct cfi_table *t, size_t i);

#endif
