#ifndef BPFKIT_PROBES_KILLSNOOP_H
#define BPFKIT_PROBES_KILLSNOOP_H

/* The rodata signals[] that core fills from -s: TOOL_MAX_SIGNALS of
 * core/tool.h, checked by size when the tool starts. */
#define KILLSNOOP_MAX_SIGNALS 8

struct kill_event {
	__u32 pid;  /* sender (process) */
	__u32 tpid; /* target, as passed to kill() */
	int sig;
	int ret;
	char comm[16];
};

#endif
