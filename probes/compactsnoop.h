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
	/* -e: the zone at the start, in pages: watermarks (boost included, as
	 * /proc/zoneinfo's), free pages, and the fragmentation index the
	 * kernel's compaction_suitable() weighs (x1000; -1000: none, for
	 * orders up to PAGE_ALLOC_COSTLY_ORDER and whole-zone compaction). */
	__s64 wmark_min, wmark_low, wmark_high, free_pages;
	int fragindex, pad0;
	/* -K only: a record without it ends before nkstack. */
	int nkstack, pad; /* frames (bytes / 8), 0: missed */
	__u64 kstack[COMPACT_STACK_DEPTH];
};

#endif
