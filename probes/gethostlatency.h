#ifndef BPFKIT_PROBES_GETHOSTLATENCY_H
#define BPFKIT_PROBES_GETHOSTLATENCY_H

#define GETHOST_NAME_LEN 80 /* BCC's */

struct host_event {
	__u64 delta_ns;
	__u32 pid;
	char comm[16];
	char host[GETHOST_NAME_LEN];
};

#endif
