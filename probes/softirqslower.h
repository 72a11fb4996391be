#ifndef BPFKIT_PROBES_SOFTIRQSLOWER_H
#define BPFKIT_PROBES_SOFTIRQSLOWER_H

/* The kernel's NR_SOFTIRQS; vectors beyond are not traced. */
#define SOFTIRQSLOWER_VECS 10

enum softirq_stage { STAGE_RAISE_TO_ENTRY, STAGE_ENTRY_TO_EXIT };

struct softirq_event {
	__u64 delta_us;
	__u32 stage;
	__u32 vec;
	__u32 cpu;
	char comm[16];
};

#endif
