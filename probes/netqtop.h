#ifndef BPFKIT_PROBES_NETQTOP_H
#define BPFKIT_PROBES_NETQTOP_H

/* BCC's limit on a NIC's queues, per direction. */
#define NETQ_MAX_QUEUES 1024
/* BCC's size classes: [0, 64), [64, 512), [512, 2K), [2K, 16K), [16K, 64K). */
#define NETQ_SIZES 5

/* queues' key: the direction (0: TX, 1: RX) and the queue. */
struct netq_key {
	__u16 dir;
	__u16 queue;
};

struct netq_val {
	__u64 bytes;
	__u64 packets;
	__u64 sizes[NETQ_SIZES];
};

#endif
