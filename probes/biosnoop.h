#ifndef BPFKIT_PROBES_BIOSNOOP_H
#define BPFKIT_PROBES_BIOSNOOP_H

enum bio_pattern { BIO_UNKNOWN, BIO_SEQUENTIAL, BIO_RANDOM };

struct bio_event {
	__u64 ts;     /* completion, ns */
	__u64 qdelta; /* queued to issued, ns (-Q) */
	__u64 delta;  /* issued to completed, ns */
	__u64 sector;
	__u64 len;
	__u32 pid;
	__u32 dev;
	__u32 write;
	__u32 pattern; /* enum bio_pattern (-P) */
	char comm[16];
};

#endif
