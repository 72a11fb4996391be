#ifndef BPFKIT_PROBES_TCPCONNECT_H
#define BPFKIT_PROBES_TCPCONNECT_H
#include "lib/dns.h"
#include "lib/sock.h"

struct tcpconnect_event {
	__u64 ts_us;
	struct sock_tuple t;
	__u32 pid, uid;
	char comm[16];
};

#endif
