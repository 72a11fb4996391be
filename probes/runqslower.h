#ifndef BPFKIT_PROBES_RUNQSLOWER_H
#define BPFKIT_PROBES_RUNQSLOWER_H

struct runq_event {
	__u64 delta_us;
	__u32 pid, prev_pid;
	char comm[16], prev_comm[16];
};

#endif
