/* Compiling a trace probe (core/compiler/tracespec.h) to BPF instructions
 * (core/compiler/bpfgen.h): the predicate, the format's arguments and the process
 * filters, evaluated in the kernel; an event with the values goes out on a
 * perf event array.  Kernel and user probes read arguments from pt_regs
 * (x86_64), tracepoints their fields at the offsets their format file
 * gives. */
#ifndef BPFKIT_CORE_TRACEGEN_H
#define BPFKIT_CORE_TRACEGEN_H
#include "core/compiler/bpfgen.h"
#include "core/compiler/ctypes.h"
#include "core/compiler/tracespec.h"
#include "core/usdt.h"

#include <sys/types.h>

#define TG_MAX_FIELDS 64
#define TG_HEADER 64 /* probe id, tgid, tid, cpu, ts, comm, stacks, caller: see struct tg_header */

struct tg_header {
	uint32_t probe, tgid, tid, cpu;
	uint64_t ts;
	char comm[16];
	/* When asked for: bytes of frames at tg_program's kstack_off/ustack_off
	 * (each event carries its own stacks), or negative, an errno. */
	int64_t kernel_stack, user_stack;
	/* With a user stack at a function's first instruction: the caller's
	 * return address (at the stack pointer), which the frame-pointer walk
	 * cannot see yet; else 0. */
	uint64_t caller;
};

/* A tracepoint's fields, from tracefs' format file. */
struct tg_field {
	char name[64];
	char type[64];
	int offset, size;
	bool is_signed;
	bool array; /* "char comm[16]": the value is its address */
};

struct tg_tracepoint {
	int id;
	int nfields;
	struct tg_field fields[TG_MAX_FIELDS];
};

/* Reads events/CAT/EVENT/format and id; 0 or -errno with err set. */
int tg_tracepoint_load(const char *category, const char *event, struct tg_tracepoint *tp, char *err,
		       size_t errlen);
const struct tg_field *tg_tracepoint_field(const struct tg_tracepoint *tp, const char *name);

struct tg_filters {
	uint32_t tgid, tid; /* 0: any */
	pid_t type_pid;	    /* where a user probe's library is looked up for its DWARF types */
	const struct usdt_site *usdt; /* a USDT probe: where this site's arguments are */
	bool kernel_stack, user_stack;
	bool user_build_id; /* user frames as (build-id, file offset): struct bpf_stack_build_id */
	bool bin_cmp;	    /* trace -B: STRCMP compares its bytes as a prefix, NULs and all */
	int cgroup_fd;		      /* > 0: a cgroup array whose entry 0 the task must be under */
	int64_t uid;	    /* -1: any */
	uint32_t self;	    /* our own process, left out unless 0 */
};

/* Where each format argument lands in the event, and how to print it. */
struct tg_slot {
	int offset;
	bool string;
	char conv[8]; /* the conversion: "d", "llx", "s"... */
};

struct tg_program {
	struct bpfgen g;
	int prog_type;	/* BPF_PROG_TYPE_KPROBE or _TRACEPOINT */
	int event_size;
	int kstack_off, ustack_off; /* where the stacks are in the event */
	int nslots;
	struct tg_slot slots[TS_MAX_ARGS];
	/* Kernel BTF or the probed binary's DWARF, opened when an expression
	 * walks a struct; closed by tg_program_free. */
	struct ct_source *types;
};

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
