#ifndef BPFKIT_PROBES_BIOSTACKS_H
#define BPFKIT_PROBES_BIOSTACKS_H

#define BIOSTACKS_DEPTH 20

/* Who started an I/O and how: the histogram's key. */
struct biostacks_key {
	__u32 pid; /* the thread, as libbpf-tools' */
	__u32 dev;
	__s32 stack_size; /* bytes of stack, or a negative errno */
	__u32 pad;
	__u64 stack[BIOSTACKS_DEPTH];
	char comm[16];
};

#endif
