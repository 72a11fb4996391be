#ifndef BPFKIT_PROBES_BIOPATTERN_H
#define BPFKIT_PROBES_BIOPATTERN_H

struct biopattern_counter {
	__u64 last_sector; /* where the disk's last I/O ended; 0: none yet */
	__u64 bytes;
	__u32 sequential;
	__u32 random;
};

#endif
