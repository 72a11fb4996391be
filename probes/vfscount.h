#ifndef BPFKIT_PROBES_VFSCOUNT_H
#define BPFKIT_PROBES_VFSCOUNT_H

struct vfscount_slot {
	__u64 count;
	__u64 ip; /* the function's address, once it was called */
};

#endif
