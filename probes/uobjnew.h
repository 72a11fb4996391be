#ifndef BPFKIT_PROBES_UOBJNEW_H
#define BPFKIT_PROBES_UOBJNEW_H
#include "lang.h"

/* What allocations are counted by: C's block size, or a class or kind
 * name (Ruby's "string", Tcl's "<ALL>"). */
struct uobjnew_key {
	__u64 size;
	char name[LANG_NAME_LEN];
};

struct uobjnew_info {
	__u64 total_size; /* 0 where the runtime does not tell */
	__u64 num_allocs;
};

#endif
