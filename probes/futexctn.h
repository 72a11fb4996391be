#ifndef BPFKIT_PROBES_FUTEXCTN_H
#define BPFKIT_PROBES_FUTEXCTN_H
#include "lib/hist.h"

/* A lock as futexctn keeps it: the waiting thread (the process with -s),
 * the futex word's address and the user stack that waited (-1 with -s). */
struct futexctn_key {
	__u64 pid_tgid;
	__u64 uaddr;
	__s64 ustack;
};

struct futexctn_val {
	__u64 slots[HIST_SLOTS];
	__u64 contended, total, min, max;
	char comm[16];
};

#endif
