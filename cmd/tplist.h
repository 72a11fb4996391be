/* tplist's two listings, the kernel's tracepoints (cmd/tplist.c) and the
 * USDT probes of files (cmd/tplist_usdt.c), with what the options said. */
#ifndef BPFKIT_CMD_TPLIST_H
#define BPFKIT_CMD_TPLIST_H
#include <sys/types.h>

struct tplist_opts {
	pid_t pid;	    /* -p: its binary and libraries */
	const char *lib;    /* -l */
	int verbosity;	    /* -v, -vv */
	const char *filter; /* a glob on "category:event" or "provider:name" */
};

/* Each prints what it lists (text or JSON) and returns 0, or -errno after
 * printing why. */
int tplist_usdt(const struct tplist_opts *o);

#endif
