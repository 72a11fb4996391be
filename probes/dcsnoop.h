#ifndef BPFKIT_PROBES_DCSNOOP_H
#define BPFKIT_PROBES_DCSNOOP_H

#define DCSNOOP_NAME_LEN 64 /* BCC's MAX_FILE_LEN */

struct dcsnoop_event {
	__u32 pid;
	char type[4]; /* "M": a d_lookup() that failed, "R": a reference (-a) */
	char comm[16];
	char file[DCSNOOP_NAME_LEN];
};

#endif
