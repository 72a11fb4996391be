#ifndef BPFKIT_PROBES_BINDSNOOP_H
#define BPFKIT_PROBES_BINDSNOOP_H
#include "lib/sock.h"

/* BCC's OPTS letters, F T N R r, from the low bit. */
enum { BIND_FREEBIND = 1, BIND_TRANSPARENT = 2, BIND_NO_PORT = 4, BIND_REUSEADDR = 8, BIND_REUSEPORT = 16 };

struct bindsnoop_event {
	__u64 ts_us;
	struct sock_tuple t; /* saddr, lport, family */
	__u32 pid, uid, bound_dev_if;
	int ret;
	__u16 protocol;
	__u8 opts, pad;
	char comm[16];
};

#endif
