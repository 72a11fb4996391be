#ifndef BPFKIT_PROBES_LLCSTAT_H
#define BPFKIT_PROBES_LLCSTAT_H

struct llc_key {
	__u32 cpu, pid, tid;
	char comm[16];
};

struct llc_value {
	__u64 refs, misses;
};

#endif
