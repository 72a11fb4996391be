#ifndef BPFKIT_PROBES_BIOTOP_H
#define BPFKIT_PROBES_BIOTOP_H

struct biotop_key {
	__u32 pid;
	__u32 write;
	__u32 major, minor;
	char name[16];
};

struct biotop_val {
	__u64 bytes;
	__u64 us;
	__u64 io;
};

#endif
