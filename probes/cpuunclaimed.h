#ifndef BPFKIT_PROBES_CPUUNCLAIMED_H
#define BPFKIT_PROBES_CPUUNCLAIMED_H

struct runq_sample {
	__u64 ts;
	__u32 cpu;
	__u32 len; /* tasks in the CPU's CFS queue, the running one included */
};

#endif
