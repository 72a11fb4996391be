#ifndef BPFKIT_PROBES_UCALLS_H
#define BPFKIT_PROBES_UCALLS_H
#include "lang.h"

/* A method's or a syscall's calls, and with -L their time. */
struct ucalls_info {
	__u64 calls;
	__u64 total_ns;
};

/* A call in flight, -L: the thread and the method (BCC's key, so a
 * recursive call's entry replaces its caller's). */
struct ucalls_entry {
	__u64 pid_tgid;
	struct lang_method m;
};

#endif
