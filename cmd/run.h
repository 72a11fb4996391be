/* bpfkit run: a user's BPF object, its maps printed by their BTF types.
 * cmd/run.c is the command and its loop, cmd/run_maps.c decides how each
 * map prints and prints the tables and histograms, cmd/run_events.c reads
 * the ring and perf buffers; stack ids are symbolized by both. */
#ifndef BPFKIT_CMD_RUN_H
#define BPFKIT_CMD_RUN_H
#include "core/btfprint.h"
#include "core/userobj.h"

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#define RUN_MAX_MAPS 64
#define RUN_MAX_COLS 32

enum run_kind {
	RUN_SKIP,   /* internal (.rodata, .bss), or named _state: not printed */
	RUN_COUNTS, /* hash or array: a table sorted by value */
	RUN_LOG2,   /* name ends in "hist": BCC's print_log2_hist */
	RUN_LINEAR, /* name ends in "lhist": BCC's print_linear_hist */
	RUN_EVENTS, /* ring buffer or perf event array: a line per record */
	RUN_STACKS, /* stack trace map: the stack ids' frames */
};

struct run_map {
	struct bpf_map *map;
	const char *name;
	enum run_kind kind;
	bool percpu, array;
	uint32_t key_id, value_id; /* BTF, as declared */
	uint32_t record_id;	   /* RUN_EVENTS: the record's type */
	int nslots;		   /* histograms: slots per value (arrays: 0) */
	char val_type[32];	   /* histograms: the unit, from the name */
	struct btfprint_col kcols[RUN_MAX_COLS], vcols[RUN_MAX_COLS];
	int nk, nv;
};

struct symbols;
struct run {
	struct userobj u;
	const struct btf *btf;
	struct run_map maps[RUN_MAX_MAPS];
	int n, nevents;
	struct bpf_map *stacks; /* the first stack trace map, if any */
	struct symbols *syms;
	bool json;
};

/* Before load: how each map prints, or -EOPNOTSUPP (printed) for one that
 * cannot; event_type is --event-type's "TYPE" or "MAP=TYPE" (or NULL). */
int run_plan(struct run *r, const char *event_type);
/* Every table and histogram, then cleared when clear (an interval's). */
int run_print_maps(struct run *r, bool clear);

/* Whether column i of cols is a stack id, and of which kind. */
bool run_stack_col(const struct btfprint_col *c, bool *kernel);
/* The pid a record's user stack is of: its "pid" or "tgid" column; 0. */
int run_record_pid(const struct run *r, const struct btfprint_col *cols, int n, const void *data, size_t size);
/* The frames of stack id under a row, indented, or with -j as the member
 * key (the column's name without "_id") of the object being written. */
struct json;
void run_print_stack(struct run *r, struct json *j, const char *col, int64_t id, bool kernel, int pid);

struct run_events;
int run_events_open(struct run *r, struct run_events **out);
/* The descriptors to poll (at most max), readable when records wait. */
int run_events_fds(struct run_events *e, int *fds, int max);
/* Prints what is queued; 0 or -errno. */
int run_events_consume(struct run_events *e);
void run_events_close(struct run_events *e);

#endif
