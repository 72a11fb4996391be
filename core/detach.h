/* Detaching many links at once.  The kernel waits for an RCU grace period
 * per perf-event link it releases (~75 ms for a tracepoint on this project's
 * hosts), one after another when one thread closes them: 360 syscall
 * tracepoints took 25 s to let go after Ctrl-C.  Closed from several
 * threads, the waits overlap. */
#ifndef BPFKIT_CORE_DETACH_H
#define BPFKIT_CORE_DETACH_H

struct bpf_link;

/* bpf_link__destroy() every non-NULL links[i] and set it to NULL. */
void links_destroy(struct bpf_link **links, int n);
/* The same, one after another, for links libbpf cannot detach from
 * several threads at once: a USDT link's detach returns its spec IDs to the
 * object's one USDT manager, reallocating a list they all share (two
 * threads freed it twice: heap corruption at uflow's exit). */
void links_destroy_serially(struct bpf_link **links, int n);
/* The same for perf events and BPF links held by fd: close every fds[i]
 * >= 0 and set it to -1. */
void fds_close(int *fds, int n);

#endif
