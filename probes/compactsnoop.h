#ifndef BPFKIT_PROBES_COMPACTSNOOP_H
#define BPFKIT_PROBES_COMPACTSNOOP_H

#define COMPACT_STACK_DEPTH 64

struct compact_event {
	__u64 ts; /* ns, at the end */
	__u64 delta_ns;
	__u32 pid;
	int nid, zone_idx, order; /* order -1: the whole zone (compact_memory, proactive) */
	int sync, status;	  /* status: enum compact_result */
	char comm[16];
	/* -K only: a record without it ends before nkstack. */
	int nkstack, pad; /* frames (bytes / 8), 0: missed */
	__u64 kstack[COMPACT_STACK_DEPTH];
};

#endif
