#ifndef BPFKIT_PROBES_CACHESTAT_H
#define BPFKIT_PROBES_CACHESTAT_H

/* BCC's four counts: pages added to the cache (misses and new pages
 * written), pages marked accessed (every lookup), pages accounted dirty,
 * buffers marked dirty. */
enum { CS_ADD, CS_ACCESS, CS_PAGE_DIRTY, CS_BUF_DIRTY, CS_COUNT };

/* cachetop's counts, per process. */
struct cachetop_key {
	__u32 pid, uid;
	char comm[16];
};
struct cachetop_counts {
	__u64 n[CS_COUNT];
};

#endif
