#ifndef BPFKIT_PROBES_TCPPKTLAT_H
#define BPFKIT_PROBES_TCPPKTLAT_H
#include "lib/sock.h"

struct tcppktlat_event {
	__u64 delta_us;
	struct sock_tuple t;
	__u32 pid, tid;
	char comm[16];
};

#endif
