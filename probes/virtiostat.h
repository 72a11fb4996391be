#ifndef BPFKIT_PROBES_VIRTIOSTAT_H
#define BPFKIT_PROBES_VIRTIOSTAT_H

/* Longest driver or device name -d and -n can match: the BPF side reads
 * the kernel's names into this many bytes, NUL included. */
#define VIRTIOSTAT_NAME_LEN 16

/* One virtqueue's counts for the interval, keyed by the queue's address. */
struct virtiostat_val {
	char driver[VIRTIOSTAT_NAME_LEN];
	char dev[VIRTIOSTAT_NAME_LEN];
	char vqname[VIRTIOSTAT_NAME_LEN];
	__u64 in_sgs;
	__u64 out_sgs;
	__u64 in_bw;
	__u64 out_bw;
};

#endif
