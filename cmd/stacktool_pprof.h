/* The stack tools' --pprof FILE: the counted stacks as a gzip'd pprof
 * profile instead of text, for every tool of the family at once. */
#ifndef BPFKIT_CMD_STACKTOOL_PPROF_H
#define BPFKIT_CMD_STACKTOOL_PPROF_H
#include <stdbool.h>

struct tracer;
struct symbols;

/* Before tracing: refuses -f and -j with it, opens path (a path that
 * cannot be written fails now). */
int stacktool_pprof_open(const char *path);
/* What a tool counts, from its decl (cmd/stacktool.h). */
struct stacktool_pprof_kind {
	const char *type, *unit;      /* "off_cpu", "microseconds" */
	unsigned long long period_ns; /* profile: samples of this much CPU time */
	bool waker_kernel_only;	      /* wakeuptime's records */
};
/* As tracing starts: the profile's sample types and its start time. */
int stacktool_pprof_begin(const struct stacktool_pprof_kind *k);
bool stacktool_pprof_on(void);
/* A summary's stacks into the profile, read and cleared from the tool's
 * maps (probes/lib/stacks.bpf.h's, or the wakeup tools' "counts"). */
int stacktool_pprof_collect(struct tracer *t, struct symbols *syms);
/* At the end: the profile written, the file closed. */
int stacktool_pprof_finish(void);

#endif
