#ifndef BPFKIT_PROBES_SOFDSNOOP_H
#define BPFKIT_PROBES_SOFDSNOOP_H

enum { SOFD_SEND, SOFD_RECV };

/* The kernel's SCM_MAX_FD is 253 descriptors a message; room for 256. */
#define SOFD_MAX_FDS 256

/* A row: one passed descriptor. */
struct sofd_row {
	__u64 ts_us;
	__u32 tid;
	int action;
	int sock_fd;
	int fd; /* the sender's on SEND, the receiver's new one on RECV */
	char comm[16];
};

/* An SCM_RIGHTS message: its descriptors, a row each. */
struct sofd_event {
	struct sofd_row r;
	__u32 nfds;
	int fds[SOFD_MAX_FDS];
};

#endif
