#ifndef BPFKIT_PROBES_UFLOW_H
#define BPFKIT_PROBES_UFLOW_H
#include "lang.h"

#define UFLOW_RETURN (1ULL << 63) /* in depth: a return, as BCC's */

struct uflow_event {
	__u64 depth; /* the call's depth (1: outermost traced) | UFLOW_RETURN */
	__u32 pid, tid, cpu, pad;
	struct lang_method m;
};

#endif
