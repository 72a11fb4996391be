#ifndef BPFKIT_PROBES_CAPABLE_H
#define BPFKIT_PROBES_CAPABLE_H

#define CAPABLE_STACK_DEPTH 32

struct cap_event {
	__u32 pid, tid, uid;
	int cap;
	int audit, insetid;
	int nkstack, nustack; /* frames (bytes / 8), 0: not asked or missed */
	char comm[16];
	__u64 kstack[CAPABLE_STACK_DEPTH];
	__u64 ustack[CAPABLE_STACK_DEPTH];
};

#endif
