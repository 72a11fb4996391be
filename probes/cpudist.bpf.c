// SPDX-License-Identifier: GPL-2.0
/* cpudist: how long tasks run on a CPU each time they get one (or, with
 * offcpu, how long they wait off it), as log2 histograms. */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "hist.bpf.h"
#include "twins.bpf.h"

enum cpudist_key { KEY_NONE, KEY_PID, KEY_TID };

const volatile __u32 targ_tgid = 0;
const volatile __u32 key_by = KEY_NONE;
const volatile bool millis = false;
const volatile bool offcpu = false;
const volatile bool include_idle = false;

/* -e: the sum and count of what the histograms hold. */
__u64 ext_total = 0, ext_count = 0;

/* Idle tasks (PID 0) are one per CPU: keyed by CPU too. */
struct start_key {
	__u32 pid, cpu;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, struct start_key);
	__type(value, __u64);
} start SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, 10240);
	__type(key, __u32);
	__type(value, struct hist);
} hists SEC(".maps");

static __always_inline bool skip(struct task_struct *t, __u32 pid)
{
	if (targ_tgid && BPF_CORE_READ(t, tgid) != targ_tgid)
		return true;
	return !pid && !include_idle;
}

static __always_inline void mark(struct task_struct *t, __u32 cpu, __u64 ts)
{
	__u32 pid = BPF_CORE_READ(t, pid);
	if (skip(t, pid))
		return;
	struct start_key k = { pid, pid ? 0xffffffff : cpu };
	bpf_map_update_elem(&start, &k, &ts, BPF_ANY);
}

static __always_inline void account(struct task_struct *t, __u32 cpu, __u64 ts)
{
	__u32 pid = BPF_CORE_READ(t, pid);
	if (skip(t, pid))
		return;
	struct start_key k = { pid, pid ? 0xffffffff : cpu };
	__u64 *tsp = bpf_map_lookup_elem(&start, &k);
	if (!tsp || ts < *tsp)
		return;
	__u64 delta = (ts - *tsp) / (millis ? 1000000 : 1000);
	bpf_map_delete_elem(&start, &k);
	__u32 key = key_by == KEY_PID ? BPF_CORE_READ(t, tgid) : key_by == KEY_TID ? pid : 0;
	hist_add(&hists, key, delta, key_by != KEY_NONE ? t->comm : NULL);
	__sync_fetch_and_add(&ext_total, delta);
	__sync_fetch_and_add(&ext_count, 1);
}

static __always_inline int on_switch(struct task_struct *prev, struct task_struct *next)
{
	__u64 ts = bpf_ktime_get_ns();
	__u32 cpu = bpf_get_smp_processor_id();
	if (offcpu) {
		mark(prev, cpu, ts);
		account(next, cpu, ts);
	} else {
		account(prev, cpu, ts);
		mark(next, cpu, ts);
	}
	return 0;
}

BTF_RAW_TWINS(sched_switch, switch, on_switch(prev, next), bool preempt, struct task_struct *prev,
	      struct task_struct *next)

char LICENSE[] SEC("license") = "GPL";
