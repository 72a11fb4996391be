/* A probe trace or argdist compiled at run time: its spec, its generated
 * program(s), and attaching them through perf events (kprobe and uprobe
 * PMUs, tracepoint IDs) since there is no ELF object for libbpf to attach. */
#ifndef BPFKIT_CORE_DYNPROBE_H
#define BPFKIT_CORE_DYNPROBE_H
#include "core/compiler/tracegen.h"
#include "core/compiler/tracespec.h"
#include "core/pattern.h"
#include "core/usdt.h"

#include <sys/types.h>

#define DYNPROBE_MAX_LINKS 64

struct dynprobe {
	struct ts_probe spec;
	struct tg_tracepoint tp;
	struct tg_program prog;
	/* argdist at a return with $latency or $entry(): a program at the
	 * function's entry that records them. */
	struct tg_program entry;
	bool has_entry;
	int prog_fd, entry_fd;
	/* USDT: each site finds its arguments in its own registers, so each
	 * has its own program: site 0 in prog, the others here. */
	struct usdt_site *sites;
	int nsites;
	struct tg_program *more_progs;
	int *more_fds;
	/* A function: the places its location resolved to (core/pattern.h). */
	struct attach_point *pts;
	int npts;
	int perf_fds[DYNPROBE_MAX_LINKS];
	int nperf;
	const char *display; /* spec.func, whole: a C++ name may be long */
};

/* After the spec is parsed: its display name, and a tracepoint's format.
 * 0 or -errno with err set. */
int dynprobe_prepare(struct dynprobe *d, char *err, size_t errlen);
/* The programs to compile: one, or one per USDT site (its argument
 * locations for tg_filters.usdt). */
int dynprobe_nprograms(const struct dynprobe *d);
struct tg_program *dynprobe_program(struct dynprobe *d, int k);
const struct usdt_site *dynprobe_site(const struct dynprobe *d, int k);
/* Load the compiled program(s); prints the instructions under --ebpf.
 * Errors are printed (with the verifier's reason). */
int dynprobe_load(struct dynprobe *d);
/* Attach to every place the spec names (tgid 0: all processes). */
int dynprobe_attach(struct dynprobe *d, pid_t tgid);
void dynprobe_close(struct dynprobe *d);

#endif
