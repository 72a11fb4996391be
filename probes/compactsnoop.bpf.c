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

/* What the begin knew, by thread; the record is built at the end in a
 * per-CPU scratch, as the stack makes it too large for the stack. */
struct compact_start {
	__u64 ts;
	int nid, zone_idx, order, sync;
};

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

char LICENSE[] SEC("license") = "GPL";
