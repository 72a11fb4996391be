#ifndef BPFKIT_PROBES_SIGSNOOP_H
#define BPFKIT_PROBES_SIGSNOOP_H

#define SIGSNOOP_MAX_SIGNALS 8

struct sig_event {
	__u32 pid, tpid;
	int sig, result;
	char comm[16], tcomm[16];
};

#endif
