#ifndef BPFKIT_PROBES_USTAT_H
#define BPFKIT_PROBES_USTAT_H

/* BCC's columns, in their order. */
enum ustat_cat { USTAT_METHOD, USTAT_GC, USTAT_OBJNEW, USTAT_CLOAD, USTAT_EXCP, USTAT_THREAD, USTAT_NCATS };

/* Events of one process in one column. */
struct ustat_key {
	__u32 pid;
	__u32 cat;
};

#endif
