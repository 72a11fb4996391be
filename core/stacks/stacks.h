/* Reading what probes/lib/stacks.bpf.h counted: one record per distinct
 * (process, kernel stack, user stack), with its addresses, sorted by count.
 * Shared by stackcount, profile, offcputime and the other stack tools;
 * printing is core/stack_print's job. */
#ifndef BPFKIT_CORE_STACKS_H
#define BPFKIT_CORE_STACKS_H
#include <stdbool.h>
#include <stdint.h>

#define STACKS_MAX_DEPTH 127

struct stack_record {
	uint64_t count;
	uint32_t tgid;	/* as keyed: 0xffffffff when not split by process */
	uint32_t pid;	/* a process the stack was seen in (for symbols) */
	char comm[16];
	int64_t kstack_id, ustack_id; /* negative: missing (an errno) or not collected (-1) */
	uint64_t kips[STACKS_MAX_DEPTH], uips[STACKS_MAX_DEPTH];
	int nk, nu;	/* frames, innermost first */
};

/* Read and (when clear) delete all counts; frees with free().  Sorted by
 * count, ascending as BCC prints them. */
int stacks_read(int counts_fd, int traces_fd, bool clear, struct stack_record **out);

/* Read now, while they run, the mappings of the processes the BPF side
 * noted in stack_new_pids (probes/lib/stackstore.bpf.h) since the last call,
 * taking them out of the map: their user frames then resolve after they
 * exit.  A struct loop tick's work. */
struct symbols;
void stacks_preload_new(int new_pids_fd, struct symbols *syms);

/* The addresses of one stack id, innermost first; 0 frames when id < 0. */
int stacks_walk(int traces_fd, int64_t id, uint64_t *ips);

#endif
