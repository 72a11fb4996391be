#ifndef BPFKIT_PROBES_SIGSNOOP_H
#define BPFKIT_PROBES_SIGSNOOP_H

#define SIGSNOOP_MAX_SIGNALS 8

struct sig_event {
	__u32 pid;
	int tpid; /* with -k as the call gave it: 0 or negative for groups */
	int sig, result;
	char comm[16], tcomm[16];
};

#endif
