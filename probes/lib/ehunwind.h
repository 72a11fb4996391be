/* Unwind tables in BPF maps, shared by probes/lib/ehunwind.bpf.h and
 * core/stacks/ehtables.c: the rows of symbolize/cfitable.h, every file's
 * concatenated in one array (eh_rows), and per process its executable
 * mappings, each pointing at its file's rows. */
#ifndef BPFKIT_PROBES_EHUNWIND_H
#define BPFKIT_PROBES_EHUNWIND_H

#define EH_MAX_MAPPINGS 64
/* log2 of CFI_TABLE_MAX_ROWS (4 Mi) plus one: the binary search's bound. */
#define EH_SEARCH_STEPS 24

/* symbolize/cfitable.h's struct cfi_row, in the BPF side's words. */
struct eh_row {
	__u64 start;
	__s32 cfa_off;
	__s16 rbp_off;
	__u8 cfa_kind;
	__u8 rbp_plt; /* bits 0-3: rbp rule; 4-7: plt_min */
};

enum { EH_CFA_NONE, EH_CFA_RSP, EH_CFA_RBP, EH_CFA_PLT, EH_CFA_END, EH_CFA_SIGNAL, EH_CFA_UNSUPPORTED };
enum { EH_RBP_SAME, EH_RBP_CFA, EH_RBP_UNDEFINED, EH_RBP_UNSUPPORTED };

/* [start, end) of the process's address space; its file's address is
 * ip - bias; its rows are eh_rows[first, first + count), which end at
 * table_end (a file address).  count 0: no table, frame pointers. */
struct eh_mapping {
	__u64 start, end, bias, table_end;
	__u32 first, count;
};

struct eh_proc {
	__u32 nmaps; /* sorted by start */
	__u32 pad;
	struct eh_mapping maps[EH_MAX_MAPPINGS];
};

#endif
