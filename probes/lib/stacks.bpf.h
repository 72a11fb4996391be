/* In-kernel stack counting for stack tools: stacks (stackstore.bpf.h) and a hash of
 * (process, kernel stack, user stack) -> count.  core/stacks/stacks.c reads both. */
#ifndef BPFKIT_PROBES_STACKS_BPF_H
#define BPFKIT_PROBES_STACKS_BPF_H
#include "stackstore.bpf.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 40960);
	__type(key, struct stack_key);
	__type(value, struct stack_val);
} stack_counts SEC(".maps");

const volatile bool stacks_kernel = true;
const volatile bool stacks_user = true;
const volatile bool stacks_per_pid = false;
/* The probes fire on the first instruction of user functions (uprobes). */
const volatile bool stacks_at_user_entry = false;

/* The key for the current task's stacks (taken now: tools that count
 * later, as offcputime does when a task runs again, keep the key). */
static __always_inline void stacks_key(void *ctx, struct stack_key *key)
{
	__u64 id = bpf_get_current_pid_tgid();
	key->tgid = stacks_per_pid ? id >> 32 : 0xffffffff;
	key->pad = 0;
	key->kstack = stacks_kernel ? stack_store(ctx, 0) : -1;
	key->ustack = stacks_user ? stack_store(ctx, BPF_F_USER_STACK) : -1;
	bpf_get_current_comm(key->comm, sizeof(key->comm));
	if (stacks_at_user_entry && stacks_user)
		bpf_probe_read_user(&key->uret, sizeof(key->uret), (void *)PT_REGS_SP((struct pt_regs *)ctx));
}

/* Add `amount` (1 for a hit, microseconds for off-CPU time) to a key. */
static __always_inline void stacks_add(const struct stack_key *key, __u32 pid, __u64 amount)
{
	struct stack_val *v = bpf_map_lookup_elem(&stack_counts, key);
	if (!v) {
		struct stack_val init = { .pid = pid };
		if (stacks_user)
			stack_note_pid(pid);
		bpf_map_update_elem(&stack_counts, key, &init, BPF_NOEXIST);
		v = bpf_map_lookup_elem(&stack_counts, key);
		if (!v)
			return;
	}
	__sync_fetch_and_add(&v->count, amount);
}

static __always_inline void stacks_count(void *ctx, __u64 amount)
{
	struct stack_key key = {};
	stacks_key(ctx, &key);
	stacks_add(&key, bpf_get_current_pid_tgid() >> 32, amount);
}

#endif
