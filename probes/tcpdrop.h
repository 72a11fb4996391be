#ifndef BPFKIT_PROBES_TCPDROP_H
#define BPFKIT_PROBES_TCPDROP_H
#include "lib/tcpinfo.h"

#define TCPDROP_STACK_DEPTH 64

struct drop_event {
	struct tcp_flow f; /* sport/dport: the packet's source and destination */
	__u32 pid;
	int reason; /* enum skb_drop_reason; -1: not known (kprobe tcp_drop) */
	__u8 state, flags;
	__u16 pad;
	int nkstack;
	__u64 kstack[TCPDROP_STACK_DEPTH];
};

#endif
