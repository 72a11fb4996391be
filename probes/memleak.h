#ifndef BPFKIT_PROBES_MEMLEAK_H
#define BPFKIT_PROBES_MEMLEAK_H

/* BCC's sizes of the outstanding-allocation table and of the per-stack
 * totals. */
#define MEMLEAK_ALLOCS_MAX 1000000
#define MEMLEAK_COMBINED_MAX 10240

/* Who allocated: part of the in-flight key, so an allocator that calls
 * another exported one (realloc(NULL, n) is malloc) or two names of one
 * function (glibc's aligned_alloc is memalign) keep their sizes apart. */
enum memleak_kind {
	ML_KERNEL,
	ML_MALLOC,
	ML_CALLOC,
	ML_REALLOC,
	ML_MMAP,
	ML_POSIX_MEMALIGN,
	ML_VALLOC,
	ML_MEMALIGN,
	ML_PVALLOC,
	ML_ALIGNED_ALLOC,
};

struct memleak_alloc {
	__u64 size;
	__u64 ts_ns;
	__s64 stack_id; /* probes/lib/stackstore.bpf.h's id, negative: lost */
};

struct memleak_combined {
	__u64 total_size;
	__u64 count;
};

/* -t's events, BCC's three trace messages. */
enum memleak_trace { ML_ALLOC_ENTER, ML_ALLOC_EXIT, ML_FREE_ENTER };

struct memleak_event {
	__u64 ts_ns;
	__u64 size;
	__u64 addr;
	__u32 pid, tid;
	__u32 what; /* enum memleak_trace */
	__u32 cpu;
	char comm[16];
};

#endif
