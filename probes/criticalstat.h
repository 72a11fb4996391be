#ifndef BPFKIT_PROBES_CRITICALSTAT_H
#define BPFKIT_PROBES_CRITICALSTAT_H

#define CRITICALSTAT_STACK_DEPTH 127

/* The section's ends: where it started (the caller of the disable and its
 * parent) and where it ended. */
enum { CS_START_CALLER, CS_START_PARENT, CS_END_CALLER, CS_END_PARENT, CS_ADDRS };

struct critical_event {
	__u64 time_ns; /* the section's length */
	/* Addresses, or with rel offsets from _stext (the classic
	 * tracepoint's caller_offs/parent_offs). */
	__u64 addrs[CS_ADDRS];
	__u32 pid, tid, cpu, rel;
	char comm[16];
	int nkstack, pad; /* frames of kstack, 0: missed */
	__u64 kstack[CRITICALSTAT_STACK_DEPTH];
};

#endif
