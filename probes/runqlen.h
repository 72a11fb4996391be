#ifndef BPFKIT_PROBES_RUNQLEN_H
#define BPFKIT_PROBES_RUNQLEN_H

#define RUNQLEN_MAX_CPUS 1024
#define RUNQLEN_MAX_LEN 128

struct runqlen_key {
	__u32 cpu; /* 0 unless per CPU */
	__u32 len;
};

#endif
