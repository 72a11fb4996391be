/* Shared by wakeuptime and offwaketime: which tasks to follow, and the map
 * of blocked tasks (when and where they went to sleep). */
#ifndef BPFKIT_PROBES_WAKEUP_BPF_H
#define BPFKIT_PROBES_WAKEUP_BPF_H
#include "wakeup.h"
#include "stackstore.bpf.h"
#include "taskstate.bpf.h"
#include "targets.bpf.h"

#define TASK_RUNNING 0

const volatile __u64 min_us = 1, max_us = (__u64)-1;
const volatile bool want_kernel = true, want_user = true;


struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 40960);
	__type(key, struct wakeup_key);
	__type(value, __u64);
} counts SEC(".maps");

struct blocked {
	__u64 ts;
	__s64 kstack, ustack;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, __u32);
	__type(value, struct blocked);
} blocked SEC(".maps");

/* prev is switching out (the tracepoint runs in its context): remember
 * when, and (for offwaketime) where, it blocked.  A task preempted while
 * runnable is not waiting for a waker, so it is left out unless offwaketime
 * --state asks for it (0). */
static __always_inline void note_blocked(void *ctx, struct task_struct *prev, bool stacks)
{
	long state = task_state(prev);
	if (filter_state ? !state_matches(state) : state == TASK_RUNNING)
		return;
	if (!targets_allow_task(prev))
		return;
	struct blocked b = { .ts = bpf_ktime_get_ns(), .kstack = -1, .ustack = -1 };
	if (stacks) {
		if (want_kernel)
			b.kstack = stack_store(ctx, 0);
		if (want_user)
			b.ustack = stack_store(ctx, BPF_F_USER_STACK);
	}
	__u32 pid = BPF_CORE_READ(prev, pid);
	bpf_map_update_elem(&blocked, &pid, &b, BPF_ANY);
}

static __always_inline void add(struct wakeup_key *key, __u64 us)
{
	__u64 *v = bpf_map_lookup_elem(&counts, key);
	if (!v) {
		__u64 zero = 0;
		if (want_user) {
			stack_note_pid(key->tgid);
			stack_note_pid(key->w_tgid);
		}
		bpf_map_update_elem(&counts, key, &zero, BPF_NOEXIST);
		v = bpf_map_lookup_elem(&counts, key);
		if (!v)
			return;
	}
	__sync_fetch_and_add(v, us);
}

#endif
