/* A probe trace or argdist compiled at run time: its spec, its generated
 * program(s), and attaching them through perf events (kprobe and uprobe
 * PMUs, tracepoint IDs) since there is no ELF object for libbpf to attach. */
#ifndef BPFKIT_CORE_DYNPROBE_H
#define BPFKIT_CORE_DYNPROBE_H
#include "core/tracegen.h"
#include "core/tracespec.h"

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
	int perf_fds[DYNPROBE_MAX_LINKS];
	int nperf;
	char display[128];
};

/* After the spec is parsed: its display name, and a tracepoint's format.
 * 0 or -errno with err set. */
int dynprobe_prepare(struct dynprobe *d, char *err, size_t errlen);
/* Load the compiled program(s); prints the instructions under --ebpf.
 * Errors are printed (with the verifier's reason). */
int dynprobe_load(struct dynprobe *d);
/* Attach to every place the spec names (tgid 0: all processes). */
int dynprobe_attach(struct dynprobe *d, pid_t tgid);
void dynprobe_close(struct dynprobe *d);

#endif
