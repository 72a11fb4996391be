#ifndef BPFKIT_PROBES_FILESLOWER_H
#define BPFKIT_PROBES_FILESLOWER_H

#define FILESLOWER_NAME_LEN 32 /* BCC's DNAME_INLINE_LEN */

struct fileslower_event {
	__u64 ts_us; /* CLOCK_MONOTONIC, at the return */
	__u64 delta_us;
	__u64 size; /* bytes asked for */
	__u32 tid;
	char mode[2]; /* R or W */
	char comm[16];
	char file[FILESLOWER_NAME_LEN];
};

#endif
