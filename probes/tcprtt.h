#ifndef BPFKIT_PROBES_TCPRTT_H
#define BPFKIT_PROBES_TCPRTT_H

/* Sections, as BCC's -b and -B. */
enum { TCPRTT_ALL, TCPRTT_LOCAL, TCPRTT_REMOTE };

struct rtt_total {
	__u64 total, count; /* -e */
};

#endif
