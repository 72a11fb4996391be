// SPDX-License-Identifier: GPL-2.0
/* runqlat: time from a task becoming runnable (woken, or preempted while
 * runnable) to it running on a CPU, as a log2 histogram. */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "common.bpf.h"
#include "hist.bpf.h"

enum runqlat_key { KEY_NONE, KEY_PID, KEY_TID, KEY_PIDNS, KEY_CPU };

const volatile __u32 targ_tgid = 0;
const volatile __u32 key_by = KEY_NONE;
const volatile bool millis = false;

/* Allocated on demand: most runs key few histograms, and preallocating
 * 10240 of them costs 5 MB of kernel memory and startup time. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, 10240);
	__type(key, __u32);
	__type(value, struct hist);
} hists SEC(".maps");

static __always_inline bool runq_wanted(__u32 tgid, __u32 pid)
{
	return !targ_tgid || tgid == targ_tgid;
}

#include "runq.bpf.h"
#include "twins.bpf.h"

static __always_inline int on_switch(struct task_struct *prev, struct task_struct *next)
{
	__s64 delta = runq_switch(prev, next);
	if (delta < 0)
		return 0;
	delta /= millis ? 1000000 : 1000;

	__u32 key = 0, pid = BPF_CORE_READ(next, pid);
	if (key_by == KEY_PID)
		key = BPF_CORE_READ(next, tgid);
	else if (key_by == KEY_TID)
		key = pid;
	else if (key_by == KEY_CPU)
		key = bpf_get_smp_processor_id();
	else if (key_by == KEY_PIDNS)
		key = BPF_CORE_READ(next, nsproxy, pid_ns_for_children, ns.inum);

	hist_add(&hists, key, delta, NULL);
	return 0;
}

RUNQ_WAKEUP_PROGRAMS

BTF_RAW_TWINS(sched_switch, switch, on_switch(prev, next), bool preempt, struct task_struct *prev,
	      struct task_struct *next)

char LICENSE[] SEC("license") = "GPL";
