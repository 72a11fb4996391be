/* funcslower's event: one call slower than the threshold. */
#ifndef BPFKIT_PROBES_FUNCSLOWER_H
#define BPFKIT_PROBES_FUNCSLOWER_H

#define FUNCSLOWER_MAX_ARGS 6 /* BCC's: the registers the ABI passes arguments in */
#define FUNCSLOWER_STACK_DEPTH 127 /* BCC's stack map depth */

struct funcslower_event {
	__u64 idx;	   /* the attach point's */
	__u64 start_ns;	   /* bpf_ktime_get_ns() at the entry */
	__u64 duration_ns;
	__u64 retval;
	__u64 args[FUNCSLOWER_MAX_ARGS]; /* with -a */
	__u32 pid, tid;
	char comm[16];
	int nkstack, nustack; /* frames (bytes / 8), 0: not asked or missed */
	/* Left out of the record when no stack is asked for. */
	__u64 kstack[FUNCSLOWER_STACK_DEPTH];
	__u64 ustack[FUNCSLOWER_STACK_DEPTH];
};

#endif
