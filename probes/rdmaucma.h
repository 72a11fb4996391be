#ifndef BPFKIT_PROBES_RDMAUCMA_H
#define BPFKIT_PROBES_RDMAUCMA_H

/* One RDMA CM event for a user space id, with the id's addresses. */
struct rdma_event {
	__u32 event; /* enum rdma_cm_event_type */
	__u16 family;
	__u16 sport, dport; /* host order */
	__u8 saddr[16], daddr[16];
};

#endif
