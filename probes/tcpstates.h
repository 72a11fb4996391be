#ifndef BPFKIT_PROBES_TCPSTATES_H
#define BPFKIT_PROBES_TCPSTATES_H
#include "lib/sock.h"

struct tcpstates_event {
	__u64 ts_us, skaddr, span_us; /* span: since the socket's last change */
	struct sock_tuple t;
	__u32 pid;
	int oldstate, newstate;
	char comm[16];
};

#endif
