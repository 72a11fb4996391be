#ifndef BPFKIT_PROBES_NUMASCHED_H
#define BPFKIT_PROBES_NUMASCHED_H

/* A thread seen switched out on a CPU of another NUMA node than the last
 * time it was switched out. */
struct numa_event {
	__u32 pid, tid;
	__u32 old_nid, new_nid;
	char comm[16];
};

#endif
