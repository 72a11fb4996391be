#ifndef BPFKIT_PROBES_MDFLUSH_H
#define BPFKIT_PROBES_MDFLUSH_H

struct mdflush_event {
	__u32 pid;
	char comm[16];
	char disk[32]; /* DISK_NAME_LEN */
};

#endif
