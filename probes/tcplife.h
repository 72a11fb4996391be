#ifndef BPFKIT_PROBES_TCPLIFE_H
#define BPFKIT_PROBES_TCPLIFE_H
#include "lib/sock.h"

struct tcplife_event {
	__u64 ts_us, span_us, rx_b, tx_b;
	struct sock_tuple t;
	__u32 pid;
	char comm[16];
};

#endif
