#ifndef BPFKIT_PROBES_SOLISTEN_H
#define BPFKIT_PROBES_SOLISTEN_H
#include "lib/sock.h"

struct solisten_event {
	__u64 ts_us;
	struct sock_tuple t; /* saddr, lport, family */
	__u32 pid, netns;
	int backlog, pad;
	char comm[16];
};

#endif
