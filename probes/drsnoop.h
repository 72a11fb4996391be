#ifndef BPFKIT_PROBES_DRSNOOP_H
#define BPFKIT_PROBES_DRSNOOP_H

struct dr_event {
	__u64 ts; /* ns, at the end */
	__u64 delta_ns;
	__u64 nr_reclaimed;
	__u64 free_kb; /* the system's free memory at the start (-e) */
	__u32 pid, tid, uid;
	char comm[16];
};

#endif
