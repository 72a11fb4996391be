#ifndef BPFKIT_PROBES_KVMEXIT_H
#define BPFKIT_PROBES_KVMEXIT_H

/* Exits counted per vCPU thread and reason; isa is the tracepoint's
 * (1: Intel VMX, 2: AMD SVM), which says whose reason codes these are. */
struct kvmexit_key {
	__u32 pid, tid;
	__u32 reason, isa;
};

#endif
