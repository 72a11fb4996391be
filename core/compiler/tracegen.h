/* Compiling a trace probe (core/compiler/tracespec.h) to BPF instructions
 * (core/compiler/bpfgen.h): the predicate, the format's arguments and the process
 * filters, evaluated in the kernel; an event with the values goes out on a
 * perf event array.  Kernel and user probes read arguments from pt_regs
 * (x86_64), tracepoints their fields at the offsets their format file
 * gives. */
#ifndef BPFKIT_CORE_TRACEGEN_H
#define BPFKIT_CORE_TRACEGEN_H
#include "core/compiler/program.h"

void tg_program_free(struct tg_program *p);

/* Compiles probe number `id` of the run; scratch_fd is a one-entry per-CPU
 * array of TG_SCRATCH_SIZE bytes, events_fd the perf event array, drops_fd
 * a one-entry per-CPU array of u64 counting the events the perf buffer had
 * no room for.  0, or -EINVAL with a one-line reason in err. */
#define TG_EVENT_MAX 2048 /* the header and arguments */
#define TG_STACK_FRAMES 127
#define TG_STACK_BYTES (TG_STACK_FRAMES * 8)
#define TG_BUILD_ID_STACK_BYTES (TG_STACK_FRAMES * 32) /* struct bpf_stack_build_id */
#define TG_SCRATCH_SIZE (TG_EVENT_MAX + TG_STACK_BYTES + TG_BUILD_ID_STACK_BYTES)
int tg_compile(const struct ts_probe *p, int id, const struct tg_tracepoint *tp, const struct tg_filters *f,
	       int string_size, int scratch_fd, int events_fd, int drops_fd, struct tg_program *out, char *err,
	       size_t errlen);

/* argdist: each event counted under a key made of the expressions' values
 * (-C), or its one value counted in a log2 slot (-H).  The key layout is
 * known before the maps are made. */
struct tg_key {
	int offset, bytes;
	bool is_signed, string;
};

struct tg_argdist {
	bool hist;
	bool default_expr; /* no expression: count calls (p, t) or return values (r) */
	bool needs_entry;  /* $latency or $entry() at a return probe */
	int nkeys;
	struct tg_key keys[TS_MAX_ARGS];
	int key_size;
};

#define TG_HIST_SLOTS 64
#define TG_ENTRY_SIZE 56 /* what the entry program keeps per thread: ktime, arg1..arg6 */

int tg_argdist_layout(const struct ts_probe *p, bool hist, int string_size, struct tg_argdist *a, char *err,
		      size_t errlen);
/* table_fd: -H an array of TG_HIST_SLOTS u64, -C a hash of key_size keys
 * to u64 counts; entry_fd: a hash of u32 thread ids to TG_ENTRY_SIZE bytes
 * when needs_entry; scratch_fd as for tg_compile. */
int tg_compile_argdist(const struct ts_probe *p, const struct tg_tracepoint *tp, const struct tg_filters *f,
		       const struct tg_argdist *a, int string_size, int scratch_fd, int table_fd, int entry_fd,
		       struct tg_program *out, char *err, size_t errlen);
/* The program at the function's entry that saves the time and arguments. */
int tg_compile_entry(const struct ts_probe *p, const struct tg_filters *f, int entry_fd, struct tg_program *out,
		     char *err, size_t errlen);

#endif
