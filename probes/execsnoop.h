/* Event layout shared by probes/execsnoop.bpf.c and cmd/execsnoop.c. */
#ifndef BPFKIT_PROBES_EXECSNOOP_H
#define BPFKIT_PROBES_EXECSNOOP_H

#define EXEC_ARGSIZE 128
#define EXEC_TOTAL_MAX_ARGS 60
#define EXEC_ARGS_BUF (EXEC_TOTAL_MAX_ARGS * EXEC_ARGSIZE)

struct exec_event {
	__u32 pid;
	__u32 ppid;
	__u32 uid;
	__u32 cpu;
	__s32 retval;
	__u32 args_count; /* strings in args; one more than stored means "..." */
	__u32 args_size;
	char comm[16];
	char pcomm[16];
	char args[EXEC_ARGS_BUF]; /* filename, then argv[1..], NUL-separated */
};

#endif
