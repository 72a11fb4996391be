#ifndef BPFKIT_PROBES_THREADSNOOP_H
#define BPFKIT_PROBES_THREADSNOOP_H

struct thread_event {
	__u64 ts;
	__u64 start; /* the new thread's start routine */
	__u32 pid;
	char comm[16];
};

#endif
