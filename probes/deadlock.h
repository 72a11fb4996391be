#ifndef BPFKIT_PROBES_DEADLOCK_H
#define BPFKIT_PROBES_DEADLOCK_H

/* Mutexes one thread can hold at once, as BCC's MAX_HELD_MUTEXES. */
#define DEADLOCK_MAX_HELD 16

/* A mutex a thread holds (mutex 0: a free slot), with the user stack that
 * locked it.  uret: the return address at the stack pointer when the lock
 * function was entered, the caller a frame-pointer walk started at a
 * function's first instruction misses (probes/lib/stacks.h). */
struct deadlock_held {
	__u64 mutex;
	__s64 stack;
	__u64 uret;
};

struct deadlock_thread {
	struct deadlock_held held[DEADLOCK_MAX_HELD];
};

/* Edge mutex1 => mutex2: a thread locked mutex2 while it held mutex1. */
struct deadlock_edge_key {
	__u64 mutex1, mutex2;
};

struct deadlock_edge {
	__s64 stack1, stack2; /* where mutex1, then mutex2, were locked */
	__u64 uret1, uret2;
	__u32 tid;
	__u32 pad;
	char comm[16];
};

/* Where a thread of the process was created, by its thread ID. */
struct deadlock_parent {
	__s64 stack;
	__u32 parent_tid;
	__u32 pad;
	char comm[16];
};

#endif
