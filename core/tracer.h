/* The life of one tool's BPF object: choose probes for this kernel, load,
 * attach, detach.  Every tool goes through here, so error wording, --ebpf,
 * event buffer sizing and cleanup are the same everywhere. */
#ifndef BPFKIT_CORE_TRACER_H
#define BPFKIT_CORE_TRACER_H
#include "core/probe.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct bpf_object_skeleton;

/* sslsniff's libraries times their functions are the most. */
#define TRACER_MAX_PROBES 128

struct tracer {
	/* From the generated skeleton (skel->skeleton, skel->obj, skel). */
	struct bpf_object_skeleton *skeleton;
	struct bpf_object *obj;
	void *skel;
	const struct probe_spec *specs;
	int nspecs;
	/* Event buffer size in pages per CPU; 0: tracer_buffer_pages. */
	unsigned buffer_pages;

	int chosen[TRACER_MAX_PROBES];
	struct bpf_link *links[TRACER_MAX_PROBES];
	bool selected, loaded;
};

#define TRACER_INIT(s, probe_specs)                                                       \
	{                                                                                 \
		.skeleton = (s)->skeleton, .obj = (s)->obj, .skel = (s), .specs = probe_specs, \
		.nspecs = sizeof(probe_specs) / sizeof(probe_specs[0]),                   \
	}

/* Open a tool's generated skeleton (probes/NAME.skel.h), printing why when
 * it cannot be: NULL then. */
#define TRACER_OPEN(name) ((struct name##_bpf *)tracer_opened(name##_bpf__open()))
void *tracer_opened(void *skel);

/* 0 when this process may trace; else prints why not (one line) and returns
 * -EPERM.  tracer_opened() checks it; tools without a skeleton (trace,
 * argdist, funccount, stackcount) call it after parsing their arguments. */
int tracer_check_privilege(void);

/* Global options every tool takes (see core/args.h). */
extern bool tracer_print_ebpf;
/* Options some tools take (core/args.h's option groups), applied by
 * tracer_start() to every object that has the matching variable or map:
 * -b (0: TRACER_DEFAULT_PAGES), --include-self (else the object's
 * self_tgid is set, see probes/lib/common.bpf.h), --cgroupmap and --mntnsmap
 * (the pinned maps replace those of probes/lib/containers.bpf.h). */
extern unsigned long tracer_buffer_pages;
extern bool tracer_include_self;
extern const char *tracer_cgroupmap, *tracer_mntnsmap;

/* Pages per CPU of the event buffer by default.  libbpf-tools gives each
 * CPU a 64-page perf buffer; our records are larger (execsnoop's carry the
 * parent's name and the CPU), so twice that keeps at least as many events
 * through a stall. */
#define TRACER_DEFAULT_PAGES 128

/* The event buffer's size in pages: per CPU for a perf buffer, for all CPUs
 * together for a ring buffer; a power of two either way. */
unsigned tracer_event_pages(const struct tracer *t, bool ring);

/* Set a `const volatile` variable of the BPF program before load, by name. */
int tracer_set_rodata(struct tracer *t, const char *var, const void *val, size_t size);
/* An integer into a rodata variable of any integer size: -ERANGE when it
 * does not fit, -ENOENT when there is no such variable. */
int tracer_set_rodata_uint(struct tracer *t, const char *var, uint64_t val);

/* Choose a mechanism per probe for this kernel.  tracer_start() does it when
 * not done; tools call it first when their BPF configuration depends on the
 * choice (see tracer_mech()). */
int tracer_select(struct tracer *t);

/* Select probes, size maps, load and attach.  Returns 0 when tracing, 1 when
 * --ebpf printed the programs and the tool should exit successfully, or a
 * negative errno after printing one line that says what went wrong. */
int tracer_start(struct tracer *t);

/* Which mechanism spec i ended up with ("tp_btf", ...), for messages. */
const char *tracer_mech(const struct tracer *t, int i);

void tracer_destroy(struct tracer *t);

/* The one line saying why bpf_object__load() failed with err: the
 * verifier's reason, the missing privilege, or libbpf's last word; for
 * objects loaded without a skeleton too (bpfkit run). */
void tracer_explain_load_failure(int err);

/* Print the instructions of every loaded program (--ebpf). */
void tracer_dump_programs(const struct tracer *t, FILE *out);

#endif
