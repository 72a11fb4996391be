#ifndef BPFKIT_PROBES_SIGSNOOP_H
#define BPFKIT_PROBES_SIGSNOOP_H

/* The rodata signals[] that core fills from -s: TOOL_MAX_SIGNALS of
 * core/tool.h, checked by size when the tool starts. */
#define SIGSNOOP_MAX_SIGNALS 8

struct sig_event {
	__u32 pid;
	int tpid; /* with -k as the call gave it: 0 or negative for groups */
	int sig, result;
	char comm[16], tcomm[16];
};

#endif
