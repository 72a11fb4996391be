/* Which tasks a tool follows: lists of PIDs or TIDs (-p 185,175 / -t ...)
 * filled by user space, and user-only / kernel-only thread filters.
 * Shared by the scheduler and stack tools. */
#ifndef BPFKIT_PROBES_TARGETS_BPF_H
#define BPFKIT_PROBES_TARGETS_BPF_H

#define PF_KTHREAD 0x00200000

const volatile bool filter_tgid = false, filter_tid = false;
const volatile bool user_threads_only = false, kernel_threads_only = false;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __u8);
} targets SEC(".maps");

static __always_inline bool targets_allow(__u32 tgid, __u32 tid)
{
	if (filter_tgid && !bpf_map_lookup_elem(&targets, &tgid))
		return false;
	if (filter_tid && !bpf_map_lookup_elem(&targets, &tid))
		return false;
	return true;
}

static __always_inline bool targets_allow_task(struct task_struct *t)
{
	__u32 pid = BPF_CORE_READ(t, pid);
	if (!pid)
		return false; /* the idle task */
	if (!targets_allow(BPF_CORE_READ(t, tgid), pid))
		return false;
	unsigned int flags = BPF_CORE_READ(t, flags);
	if (user_threads_only && (flags & PF_KTHREAD))
		return false;
	if (kernel_threads_only && !(flags & PF_KTHREAD))
		return false;
	return true;
}

#endif
