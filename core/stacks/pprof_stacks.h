/* Stacks as pprof locations: each address symbolized once (names, mangled
 * names, files, lines, the inline chain as the Lines of one Location), in
 * its mapping (the process's file with its build-id; [kernel.kallsyms]
 * for the kernel). */
#ifndef BPFKIT_CORE_PPROF_STACKS_H
#define BPFKIT_CORE_PPROF_STACKS_H
#include <stdbool.h>
#include <stdint.h>

struct pprof;
struct symbols;

/* Appends the location ids of n addresses (innermost first) to locs, leaf
 * first, or (outermost_first) root first; at most max in all.  Kernel
 * stacks lose the BPF plumbing they were taken in, as the text does.
 * Returns the new count, or a negative errno. */
int pprof_stack(struct pprof *p, struct symbols *syms, const uint64_t *ips, int n, bool kernel, int pid,
		bool outermost_first, uint64_t *locs, int nlocs, int max);
/* A pseudo frame ("[Missed Kernel Stack]", "--") appended the same way. */
int pprof_stack_marker(struct pprof *p, const char *name, uint64_t *locs, int nlocs, int max);

#endif
