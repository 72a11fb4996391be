/* Attaching one shared program to many run-time attach points (from
 * core/pattern.c), each told apart by its BPF cookie (= its index), using
 * kprobe_multi / uprobe_multi links when the kernel has them.
 *
 * A BPF object built for this defines programs named by kind (see
 * probes/lib/dynamic.bpf.h): on_kprobe, on_kprobe_multi, on_uprobe,
 * on_uprobe_multi, on_tracepoint, on_usdt; and optionally on_raw_tracepoint
 * (tracepoints through raw tracepoint links, quick to detach) and
 * on_sys_enter/on_sys_exit (syscall tracepoints in bulk). */
#ifndef BPFKIT_CORE_ATTACH_H
#define BPFKIT_CORE_ATTACH_H
#include "core/pattern.h"

struct bpf_object;
struct bpf_link;

struct attach_set {
	struct bpf_link **links;
	int n, cap;
	/* libbpf's USDT links: detached one at a time (core/detach.h). */
	struct bpf_link **usdt;
	int nusdt, capusdt;
	int multi; /* how many links cover several points */
	int left_out; /* kernel functions the kernel refused (named in a warning) */
	/* Programs attached by fd (attach_fd): perf events and their links. */
	int *fds;
	int nfds, capfds;
};

/* Kernel functions by kprobes even where an object could take a few by
 * BPF trampolines (funclatency -k). */
extern bool attach_kprobes_only;

/* Before load: turn on exactly the programs these points need.  A timing
 * tool's few kernel functions (up to 8) go through fentry/fexit where the
 * kernel has trampolines and bpf_get_func_ret (5.17), kprobes otherwise.  Returns
 * -EOPNOTSUPP after printing which mechanism the kernel lacks. */
int attach_prepare(struct bpf_object *obj, const struct attach_point *pts, int n);

/* After load: attach; cookie i for pts[i].  pid (0 = all) filters uprobes
 * and USDT in the kernel.  Kernel functions the kernel refuses are left
 * out with one warning naming them (set->left_out counts them) as long as
 * one attaches.  On failure nothing stays attached and the point is
 * named. */
int attach_all(struct bpf_object *obj, const struct attach_point *pts, int n, int pid, struct attach_set *set);
void attach_destroy(struct attach_set *set);

/* A program loaded by hand, with no bpf_object (trace and argdist compile
 * theirs), at attach points through perf events: the kprobe and uprobe
 * PMUs, a tracepoint's id; held by a BPF link, or where the kernel has
 * none (before 5.15) set on the event.  Same checks, wording and SIGINT
 * stop as attach_all; attach_destroy detaches them with the rest. */
struct attach_fd_opts {
	bool retprobe;	  /* kretprobe, uretprobe */
	int pid;	  /* uprobes and USDT: 0 = every process */
	uint64_t kofs;	  /* kprobe: offset into the function */
	uint64_t ref_ctr; /* USDT: the semaphore's file offset, 0: none */
	uint64_t cookie;
	int tp_id;	  /* tracepoint: its id when the caller has it, else 0 */
};

/* pts[0..n) for one program; PAT_USDT points are uprobes at a site
 * (path, offset) counting up ref_ctr.  On failure the point is named, once,
 * and what this call attached is detached. */
int attach_fd(int prog_fd, const struct attach_point *pts, int n, const struct attach_fd_opts *o,
	      struct attach_set *set);

#endif
