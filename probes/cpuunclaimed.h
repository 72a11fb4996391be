#ifndef BPFKIT_PROBES_CPUUNCLAIMED_H
#define BPFKIT_PROBES_CPUUNCLAIMED_H

struct runq_sample {
	__u64 ts;
	__u32 cpu;
	__u32 len; /* CFS tasks that can run on the CPU, the running one included */
};

#endif
