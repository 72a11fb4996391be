/* Stack-count keys shared by BPF stack tools and core/stacks/stacks.c. */
#ifndef BPFKIT_PROBES_STACKS_H
#define BPFKIT_PROBES_STACKS_H

#define STACK_MAX_DEPTH 127

struct stack_key {
	__u32 tgid; /* 0xffffffff when not split by process */
	__u32 pad;  /* explicit: the key is hashed byte for byte */
	__s64 kstack; /* stack id, or negative: none (not asked for, or lost) */
	__s64 ustack;
	char comm[16];
	/* At a uprobe on a function's first instruction the caller has not
	 * been linked into the frame-pointer chain yet: the return address
	 * at the stack pointer is the caller, spliced in by user space. */
	__u64 uret;
};

/* Who a stack belongs to even when keys are not split by process, so user
 * frames can be symbolized in the right address space. */
struct stack_val {
	__u64 count;
	__u32 pid;
	__u32 pad;
};

#endif
