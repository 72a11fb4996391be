#ifndef BPFKIT_PROBES_TTYSNOOP_H
#define BPFKIT_PROBES_TTYSNOOP_H

/* The largest -s (bytes per record) and -c (records per write) the BPF side
 * takes: its buffer and its bounded loop. */
#define TTYSNOOP_MAX_DATASIZE 8192
#define TTYSNOOP_MAX_DATACOUNT 64

/* One piece of a write to the device: count bytes of buf. */
struct tty_event {
	__u32 count;
	__u32 pad;
	char buf[TTYSNOOP_MAX_DATASIZE];
};

#endif
