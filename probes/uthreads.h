#ifndef BPFKIT_PROBES_UTHREADS_H
#define BPFKIT_PROBES_UTHREADS_H
#include "lang.h"

/* BCC's TYPE column: a thread made by pthread_create(), or HotSpot's
 * thread__start and thread__stop. */
enum uthreads_type { UTHREADS_PTHREAD, UTHREADS_START, UTHREADS_STOP };

struct uthreads_event {
	__u64 ts;
	/* pthread: the start routine's address; Java: the thread's ID. */
	__u64 runtime_id;
	__u64 native_id; /* the kernel's thread ID */
	__u32 type;
	__u32 pad;
	char name[LANG_NAME_LEN]; /* Java's thread name */
};

#endif
