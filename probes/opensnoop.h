/* Event layout shared by probes/opensnoop.bpf.c and cmd/opensnoop.c. */
#ifndef BPFKIT_PROBES_OPENSNOOP_H
#define BPFKIT_PROBES_OPENSNOOP_H

#include "lib/pathwalk.h"

#define OPEN_NAME_MAX 255
struct open_event {
	__u64 ts;
	__u32 pid, tid;
	__u32 uid;
	__s32 ret;
	__u64 flags;
	__u32 mode;
	char comm[16];
	char name[OPEN_NAME_MAX + 1];
	struct path_walk dir; /* -F: the directory of a relative name */
};

#endif
