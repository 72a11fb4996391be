#ifndef BPFKIT_PROBES_TCPCONNLAT_H
#define BPFKIT_PROBES_TCPCONNLAT_H
#include "lib/sock.h"

struct tcpconnlat_event {
	__u64 ts_us, delta_us;
	struct sock_tuple t;
	__u32 pid;
	char comm[16];
};

#endif
