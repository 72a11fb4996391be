#ifndef BPFKIT_PROBES_TCPTOP_H
#define BPFKIT_PROBES_TCPTOP_H
#include "lib/tcpinfo.h"

struct top_key {
	struct tcp_flow f;
	__u32 pid;
	char comm[16];
};

struct top_bytes {
	__u64 sent, received;
};

#endif
