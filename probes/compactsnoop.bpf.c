// SPDX-License-Identifier: GPL-2.0
/* compactsnoop: memory compaction of a zone, from its begin to its end:
 * who, which node and zone, the order asked for, mode, latency, result. */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "common.bpf.h"
#include "twins.bpf.h"
#include "eventstack.bpf.h"
#include "compactsnoop.h"

const volatile __u32 targ_tgid = 0;
const volatile bool kernel_stack = false;
const volatile bool extended = false;

/* What the begin knew, by thread; the record is built at the end in a
 * per-CPU scratch, as the stack makes it too large for the stack. */
struct compact_start {
	__u64 ts;
	int nid, zone_idx, order, sync;
	__s64 wmark_min, wmark_low, wmark_high, free_pages;
	int fragindex;
};

#define PAGE_ALLOC_COSTLY_ORDER 3
#define MAX_FREE_AREAS 16

/* The kernel's fragmentation_index(zone, order) (mm/vmstat.c), from the
 * zone's free lists: 0 with nothing free, -1000 when a block of the order
 * is free (the request would not fail), else how much of the failure is
 * fragmentation rather than lack of memory, in thousandths. */
static __always_inline int fragmentation_index(struct zone *z, int order)
{
	__u64 total = 0, pages = 0, suitable = 0;
	int areas = bpf_core_field_size(z->free_area) / bpf_core_type_size(struct free_area);
	__u64 base = (__u64)z + bpf_core_field_offset(struct zone, free_area) +
		     bpf_core_field_offset(struct free_area, nr_free);
	/* Unrolled, with no early exit: older verifiers (5.10, 6.1) take no
	 * loop whose back edge is a fall-through. */
#pragma unroll
	for (int o = 0; o < MAX_FREE_AREAS; o++) {
		unsigned long blocks = 0;
		if (o < areas)
			bpf_probe_read_kernel(&blocks, sizeof(blocks),
					      (void *)(base + o * bpf_core_type_size(struct free_area)));
		total += blocks;
		pages += (__u64)blocks << o;
		if (o >= order)
			suitable += (__u64)blocks << (o - order);
	}
	if (!total)
		return 0;
	if (suitable)
		return -1000;
	return 1000 - (1000 + pages * 1000 / (1ULL << order)) / total;
}

/* -e's zone state: min_wmark_pages() and friends, zone_page_state(). */
static __always_inline void zone_state(struct zone *z, int order, struct compact_start *e)
{
	unsigned long wm[3] = {}, boost = 0;
	bpf_probe_read_kernel(wm, sizeof(wm), __builtin_preserve_access_index(&z->_watermark));
	if (bpf_core_field_exists(z->watermark_boost))
		boost = BPF_CORE_READ(z, watermark_boost);
	e->wmark_min = wm[0] + boost, e->wmark_low = wm[1] + boost, e->wmark_high = wm[2] + boost;
	long free = 0;
	int nr_free = bpf_core_enum_value(enum zone_stat_item, NR_FREE_PAGES);
	bpf_probe_read_kernel(&free, sizeof(free), (void *)((__u64)z + bpf_core_field_offset(struct zone, vm_stat) +
							     nr_free * sizeof(atomic_long_t)));
	e->free_pages = free;
	e->fragindex = order > PAGE_ALLOC_COSTLY_ORDER && order < MAX_FREE_AREAS ? fragmentation_index(z, order) : -1000;
}

BPF_MAP(starts, BPF_MAP_TYPE_HASH, __u32, struct compact_start, 10240);
BPF_MAP(scratch, BPF_MAP_TYPE_PERCPU_ARRAY, __u32, struct compact_event, 1);

static __always_inline int on_begin(struct compact_control *cc, bool sync)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tid = id;
	if (targ_tgid && id >> 32 != targ_tgid)
		return 0;
	struct zone *z = BPF_CORE_READ(cc, zone);
	struct pglist_data *pgdat = BPF_CORE_READ(z, zone_pgdat);
	struct compact_start e = { .ts = bpf_ktime_get_ns(), .sync = sync };
	/* zone_idx(): its place in its node's node_zones[]. */
	e.zone_idx = ((__u64)z - (__u64)&pgdat->node_zones[0]) / bpf_core_type_size(struct zone);
	e.nid = bpf_core_field_exists(z->node) ? BPF_CORE_READ(z, node) : 0;
	e.order = BPF_CORE_READ(cc, order);
	if (extended)
		zone_state(z, e.order, &e);
	bpf_map_update_elem(&starts, &tid, &e, BPF_ANY);
	return 0;
}

/* The zone's compaction, out with its latency and result (and with -K the
 * kernel stack that asked for it, BCC's -K). */
static __always_inline int on_end(void *ctx, int status)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tid = id, zero = 0;
	struct compact_start *s = bpf_map_lookup_elem(&starts, &tid);
	struct compact_event *e = bpf_map_lookup_elem(&scratch, &zero);
	if (s && e) {
		__u64 now = bpf_ktime_get_ns();
		e->delta_ns = now - s->ts, e->ts = now, e->status = status, e->pid = id >> 32;
		e->nid = s->nid, e->zone_idx = s->zone_idx, e->order = s->order, e->sync = s->sync;
		e->wmark_min = s->wmark_min, e->wmark_low = s->wmark_low, e->wmark_high = s->wmark_high;
		e->free_pages = s->free_pages, e->fragindex = s->fragindex;
		bpf_get_current_comm(e->comm, sizeof(e->comm));
		int nu;
		EVENT_STACKS(ctx, kernel_stack, false, e->kstack, e->kstack, &e->nkstack, &nu);
		events_output(ctx, e, kernel_stack ? sizeof(*e) : offsetof(struct compact_event, nkstack));
	}
	if (s)
		bpf_map_delete_elem(&starts, &tid);
	return 0;
}

BTF_RAW_TWINS(mm_compaction_begin, begin, on_begin(cc, sync), struct compact_control *cc, unsigned long zone_start,
	      unsigned long zone_end, bool sync)
BTF_RAW_TWINS(mm_compaction_end, end, on_end(ctx, status), struct compact_control *cc, unsigned long zone_start,
	      unsigned long zone_end, bool sync, int status)

/* Kernels whose tracepoints name no compact_control (up to 5.15): the
 * function they sit in, compact_zone(cc, capc), by fentry/fexit or
 * kprobe/kretprobe.  It also sees the compactions compact_zone() turns down
 * before its begin tracepoint (skipped, success at once). */
static __always_inline bool sync_mode(struct compact_control *cc)
{
	return BPF_CORE_READ(cc, mode) != MIGRATE_ASYNC;
}

FENTRY_KPROBE_TWINS(compact_zone, zone_enter, on_begin(cc, sync_mode(cc)), struct compact_control *cc, void *capc)

SEC("fexit/compact_zone")
int BPF_PROG(zone_exit_fexit, struct compact_control *cc, void *capc, int ret)
{
	return on_end(ctx, ret);
}

SEC("kretprobe/compact_zone")
int BPF_KRETPROBE(zone_exit_kretprobe, int ret)
{
	return on_end(ctx, ret);
}

char LICENSE[] SEC("license") = "GPL";
