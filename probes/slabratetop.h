#ifndef BPFKIT_PROBES_SLABRATETOP_H
#define BPFKIT_PROBES_SLABRATETOP_H

#define SLAB_NAME_LEN 32

struct slab_key {
	char name[SLAB_NAME_LEN];
};

struct slab_val {
	__u64 count, size; /* allocations, and their bytes (the cache's object size) */
};

#endif
