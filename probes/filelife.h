/* Event layout shared by probes/filelife.bpf.c and cmd/filelife.c. */
#ifndef BPFKIT_PROBES_FILELIFE_H
#define BPFKIT_PROBES_FILELIFE_H

struct filelife_event {
	__u64 age_ns;
	__u32 tgid;
	char comm[16];
	char file[64];
};

#endif
