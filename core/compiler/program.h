/* What a compiled trace or argdist probe is made of, shared by the
 * compiler's parts (core/compiler/tracegen.h, argdist's generator, the
 * expression generator): the event header every program writes, a
 * tracepoint's fields, the process filters, the program and its slots. */
#ifndef BPFKIT_CORE_COMPILER_PROGRAM_H
#define BPFKIT_CORE_COMPILER_PROGRAM_H
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

#endif
