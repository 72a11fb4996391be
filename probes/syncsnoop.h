#ifndef BPFKIT_PROBES_SYNCSNOOP_H
#define BPFKIT_PROBES_SYNCSNOOP_H

/* BCC's calls, in BCC's order. */
enum { SYNC_SYNC, SYNC_FSYNC, SYNC_FDATASYNC, SYNC_MSYNC, SYNC_SYNC_FILE_RANGE, SYNC_SYNCFS, SYNC_CALLS };

struct sync_event {
	__u64 ts; /* CLOCK_MONOTONIC, ns */
	__u32 pid;
	__u32 call;
	char comm[16];
};

#endif
