/* Where stack tools keep the stacks they count: a hash map from a 64-bit
 * hash of the frames to the frames.  The kernel's stack-trace map buckets a
 * stack by 14 bits of a seed-0 hash and refuses a second stack that lands in
 * an occupied bucket (-EEXIST) for as long as the first is kept: with a few
 * hundred stacks in the map a given stack was lost for the whole run in
 * about one run in a hundred.  Here two stacks share an id only if 64 bits
 * of their hashes agree. */
#ifndef BPFKIT_PROBES_STACKSTORE_BPF_H
#define BPFKIT_PROBES_STACKSTORE_BPF_H
#include "stacks.h"

struct stack_ips {
	__u64 ip[STACK_MAX_DEPTH];
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16384);
	__type(key, __u64);
	__type(value, struct stack_ips);
} stack_traces SEC(".maps");

/* bpf_get_stack writes here: a stack is larger than the BPF stack. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct stack_ips);
} stack_scratch SEC(".maps");

/* Processes that got a new stack, for user space to read their mappings
 * while they run (stacktool_tick): without that a process that exits
 * before the stacks are printed has only [unknown] user frames. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4096);
	__type(key, __u32);
	__type(value, __u8);
} stack_new_pids SEC(".maps");

static __always_inline void stack_note_pid(__u32 pid)
{
	__u8 one = 1;
	bpf_map_update_elem(&stack_new_pids, &pid, &one, BPF_NOEXIST);
}

/* The id of the current kernel (flags 0) or user (BPF_F_USER_STACK) stack,
 * stored in stack_traces; negative when it could not be taken or kept. */
static __always_inline __s64 stack_store(void *ctx, __u64 flags)
{
	__u32 zero = 0;
	struct stack_ips *s = bpf_map_lookup_elem(&stack_scratch, &zero);
	if (!s)
		return -2; /* -ENOENT */
	/* The rest of the buffer is zeroed: user space reads up to a 0. */
	long len = bpf_get_stack(ctx, s->ip, sizeof(s->ip), flags);
	if (len <= 0)
		return len < 0 ? len : -14; /* -EFAULT */
	__u32 n = len / sizeof(__u64);
	__u64 h = 0x9e3779b97f4a7c15ULL;
	for (__u32 i = 0; i < STACK_MAX_DEPTH && i < n; i++) {
		h = (h ^ s->ip[i]) * 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
	}
	__s64 id = h & 0x7fffffffffffffffULL; /* negative means none */
	/* Kernels before 6.4 return the map's int in a 64-bit register with
	 * the upper half zero: only the low 32 bits are the error. */
	/* Most events repeat a stack already kept: a lookup takes no lock. */
	if (bpf_map_lookup_elem(&stack_traces, &id))
		return id;
	__s32 err = bpf_map_update_elem(&stack_traces, &id, s, BPF_NOEXIST);
	if (err && err != -17) /* -EEXIST: stored by another CPU meanwhile */
		return err;
	return id;
}

#endif
