/* A log2 histogram as BPF programs keep it (one per key in a hash map) and
 * core/histmap.c reads it.  Slot k counts values in [2^k, 2^(k+1)), with 0
 * and 1 in slot 0: the histo/ convention. */
#ifndef BPFKIT_PROBES_HIST_H
#define BPFKIT_PROBES_HIST_H

#define HIST_SLOTS 64

struct hist {
	__u64 slots[HIST_SLOTS];
	char comm[16];
};

#endif
