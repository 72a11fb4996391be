#ifndef BPFKIT_PROBES_TCPTRACER_H
#define BPFKIT_PROBES_TCPTRACER_H
#include "lib/sock.h"

enum { TCPTRACER_CONNECT = 1, TCPTRACER_ACCEPT, TCPTRACER_CLOSE };

struct tcptracer_event {
	__u64 ts_ns;
	struct sock_tuple t;
	__u32 type, pid, netns;
	char comm[16];
};

#endif
