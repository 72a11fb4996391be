#ifndef BPFKIT_PROBES_TCPRETRANS_H
#define BPFKIT_PROBES_TCPRETRANS_H
#include "lib/tcpinfo.h"

enum { TCPRETRANS_RETRANSMIT = 1, TCPRETRANS_TLP = 2 };

struct retrans_event {
	struct tcp_flow f;
	__u32 pid;
	__u32 seq;
	__u32 state;
	__u8 type; /* TCPRETRANS_* */
	__u8 pad[3];
};

#endif
