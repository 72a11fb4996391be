// SPDX-License-Identifier: GPL-2.0
/* drsnoop: reclaim a task does itself when it allocates, with its latency
 * and pages: the kernel's direct reclaim, and its memory cgroup's. */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "common.bpf.h"
#include "twins.bpf.h"
#include "drsnoop.h"

const volatile __u32 targ_tgid = 0, targ_tid = 0, targ_uid = (__u32)-1;
/* -e: vm_zone_stat's address (NR_FREE_PAGES is its first item). */
const volatile __u64 vm_zone_stat_addr = 0;
const volatile __u32 page_shift = 12;

struct start {
	__u64 ts, free_pages;
};
BPF_MAP(starts, BPF_MAP_TYPE_HASH, __u32, struct start, 8192);

static __always_inline int on_begin(void)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tid = id;
	if ((targ_tgid && id >> 32 != targ_tgid) || (targ_tid && tid != targ_tid))
		return 0;
	if (targ_uid != (__u32)-1 && (__u32)bpf_get_current_uid_gid() != targ_uid)
		return 0;
	struct start s = { .ts = bpf_ktime_get_ns() };
	if (vm_zone_stat_addr)
		bpf_probe_read_kernel(&s.free_pages, sizeof(s.free_pages), (void *)vm_zone_stat_addr);
	bpf_map_update_elem(&starts, &tid, &s, BPF_ANY);
	return 0;
}

static __always_inline int on_end(void *ctx, unsigned long nr_reclaimed)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tid = id;
	struct start *s = bpf_map_lookup_elem(&starts, &tid);
	if (!s)
		return 0;
	struct dr_event e = { .ts = bpf_ktime_get_ns(), .nr_reclaimed = nr_reclaimed, .pid = id >> 32, .tid = tid };
	e.delta_ns = e.ts - s->ts;
	e.free_kb = s->free_pages << (page_shift - 10);
	e.uid = bpf_get_current_uid_gid();
	bpf_get_current_comm(e.comm, sizeof(e.comm));
	bpf_map_delete_elem(&starts, &tid);
	events_output(ctx, &e, sizeof(e));
	return 0;
}

/* Each of the four tracepoints by tp_btf, raw_tp or tracefs. */
#define BEGIN_PROGS(event, prefix)                                                    \
	BTF_RAW_TWINS(event, prefix, on_begin(), int order, gfp_t gfp)                \
	SEC("tracepoint/vmscan/" #event)                                               \
	int prefix##_tp(void *ctx)                                                     \
	{                                                                              \
		return on_begin();                                                     \
	}
#define END_PROGS(event, prefix)                                                      \
	BTF_RAW_TWINS(event, prefix, on_end(ctx, nr), unsigned long nr)              \
	SEC("tracepoint/vmscan/" #event)                                               \
	int prefix##_tp(struct trace_event_raw_mm_vmscan_direct_reclaim_end_template *ctx) \
	{                                                                              \
		return on_end(ctx, BPF_CORE_READ(ctx, nr_reclaimed));                 \
	}

BEGIN_PROGS(mm_vmscan_direct_reclaim_begin, direct_begin)
END_PROGS(mm_vmscan_direct_reclaim_end, direct_end)
BEGIN_PROGS(mm_vmscan_memcg_reclaim_begin, memcg_begin)
END_PROGS(mm_vmscan_memcg_reclaim_end, memcg_end)

char LICENSE[] SEC("license") = "GPL";
