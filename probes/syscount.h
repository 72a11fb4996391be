/* Shared by probes/syscount.bpf.c and cmd/syscount.c. */
#ifndef BPFKIT_PROBES_SYSCOUNT_H
#define BPFKIT_PROBES_SYSCOUNT_H

struct syscount_val {
	__u64 count;
	__u64 total_ns;
	char comm[16];
};

#endif
