#ifndef BPFKIT_PROBES_SWAPIN_H
#define BPFKIT_PROBES_SWAPIN_H

struct swapin_key {
	__u32 pid;
	char comm[16];
};

#endif
