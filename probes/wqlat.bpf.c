// SPDX-License-Identifier: GPL-2.0
/* wqlat: time from a work item being queued to its function starting, as a
 * log2 histogram, for all workqueues, one (-w), or each (-W). */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "hist.bpf.h"
#include "twins.bpf.h"
#include "wqlat.h"

const volatile bool millis = false;
const volatile bool nanosecs = false;
const volatile bool per_wq = false;
const volatile bool filter_wq = false;
const volatile struct wq_name targ_wq = {};

struct start {
	__u64 ts;
	__u32 key;
};

/* By the work item: queued once until it starts (queueing a pending work
 * does not fire the tracepoint). */
BPF_MAP(starts, BPF_MAP_TYPE_HASH, __u64, struct start, 10240);
HIST_MAP(hists, WQLAT_MAX_WQS);
/* -W's keys: a hash of the workqueue's name, the next key where another
 * name holds it, and each key's name for user space (the histograms'
 * labels). */
BPF_MAP(wq_names, BPF_MAP_TYPE_HASH, __u32, struct wq_name, WQLAT_MAX_WQS);

static __always_inline bool same_name(const struct wq_name *a, const volatile struct wq_name *b)
{
	for (int i = 0; i < WQLAT_NAME_LEN; i++) {
		if (a->name[i] != b->name[i])
			return false;
		if (!a->name[i])
			break;
	}
	return true;
}

#define WQLAT_PROBES 4

static __always_inline int wq_key(const struct wq_name *n, __u32 *key)
{
	__u32 h = 2166136261u; /* FNV-1a */
	for (int i = 0; i < WQLAT_NAME_LEN && n->name[i]; i++)
		h = (h ^ (__u8)n->name[i]) * 16777619u;
	for (int i = 0; i < WQLAT_PROBES; i++, h++) {
		/* Another CPU may claim the key first: the lookup tells. */
		bpf_map_update_elem(&wq_names, &h, n, BPF_NOEXIST);
		struct wq_name *held = bpf_map_lookup_elem(&wq_names, &h);
		if (held && same_name(n, held)) {
			*key = h;
			return 0;
		}
	}
	return -1;
}

static __always_inline int on_queue(struct pool_workqueue *pwq, struct work_struct *work)
{
	struct start s = { .key = 0 };
	if (filter_wq || per_wq) {
		struct wq_name n = {};
		bpf_probe_read_kernel_str(n.name, sizeof(n.name), BPF_CORE_READ(pwq, wq)->name);
		if (filter_wq && !same_name(&n, &targ_wq))
			return 0;
		if (per_wq && wq_key(&n, &s.key))
			return 0;
	}
	__u64 w = (__u64)work;
	s.ts = bpf_ktime_get_ns();
	bpf_map_update_elem(&starts, &w, &s, BPF_ANY);
	return 0;
}

static __always_inline int on_execute(struct work_struct *work)
{
	__u64 w = (__u64)work;
	struct start *s = bpf_map_lookup_elem(&starts, &w);
	if (!s)
		return 0;
	__u64 delta = bpf_ktime_get_ns() - s->ts;
	__u32 key = s->key;
	bpf_map_delete_elem(&starts, &w);
	if (!nanosecs)
		delta /= millis ? 1000000 : 1000;
	hist_add(&hists, key, delta, NULL);
	return 0;
}

BTF_RAW_TWINS(workqueue_queue_work, queue, on_queue(pwq, work), int req_cpu, struct pool_workqueue *pwq,
	      struct work_struct *work)
BTF_RAW_TWINS(workqueue_execute_start, execute, on_execute(work), struct work_struct *work)

char LICENSE[] SEC("license") = "GPL";
