#ifndef BPFKIT_PROBES_TCPCONG_H
#define BPFKIT_PROBES_TCPCONG_H
#include "lib/tcpinfo.h"

/* The kernel's TCP_CA_* states, in BCC's columns' order of names. */
enum { CONG_OPEN, CONG_DISORDER, CONG_CWR, CONG_RECOVERY, CONG_LOSS, CONG_STATES };

struct cong_val {
	__u64 last_ts;
	__u64 dura_us[8]; /* time spent in each state (CONG_STATES of them) */
	__u64 changes;
	__u32 last; /* the state the flow is in, plus 1 */
	__u32 pad;
};

#endif
