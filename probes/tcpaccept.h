#ifndef BPFKIT_PROBES_TCPACCEPT_H
#define BPFKIT_PROBES_TCPACCEPT_H
#include "lib/sock.h"

struct tcpaccept_event {
	__u64 ts_us;
	struct sock_tuple t;
	__u32 pid;
	char comm[16];
};

#endif
