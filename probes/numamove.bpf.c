// SPDX-License-Identifier: GPL-2.0
/* numamove: pages NUMA balancing moves to the node of the CPU that touched
 * them (migrate_misplaced_folio() since 6.10, migrate_misplaced_page()
 * before), counted with the time they took, as libbpf-tools' numamove.
 * Without fentry or kprobes, migrate_pages()'s own tracepoints tell the
 * same for its NUMA_MISPLACED calls, which only those functions make. */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "common.bpf.h"
#include "twins.bpf.h"

BPF_MAP(start, BPF_MAP_TYPE_HASH, __u32, __u64, 10240);

/* Read and zeroed by user space each interval. */
__u64 num = 0;
__u64 latency_ns = 0;

static __always_inline int on_enter(void)
{
	__u32 tid = bpf_get_current_pid_tgid();
	__u64 ts = bpf_ktime_get_ns();
	bpf_map_update_elem(&start, &tid, &ts, BPF_ANY);
	return 0;
}

static __always_inline int on_exit(void)
{
	__u32 tid = bpf_get_current_pid_tgid();
	__u64 *tsp = bpf_map_lookup_elem(&start, &tid);
	if (!tsp)
		return 0;
	__s64 delta = (__s64)(bpf_ktime_get_ns() - *tsp);
	bpf_map_delete_elem(&start, &tid);
	if (delta < 0)
		return 0;
	__sync_fetch_and_add(&latency_ns, delta);
	__sync_fetch_and_add(&num, 1);
	return 0;
}

FENTRY_KPROBE_TWINS(migrate_misplaced_folio, folio_enter, on_enter(), struct folio *folio)
FENTRY_KPROBE_TWINS(migrate_misplaced_page, page_enter, on_enter(), struct page *page)
ONE_PROG("fexit/migrate_misplaced_folio", folio_exit_fexit, on_exit(), struct folio *folio)
ONE_PROG("fexit/migrate_misplaced_page", page_exit_fexit, on_exit(), struct page *page)

SEC("kretprobe/migrate_misplaced_folio")
int BPF_KRETPROBE(folio_exit_kretprobe)
{
	return on_exit();
}

SEC("kretprobe/migrate_misplaced_page")
int BPF_KRETPROBE(page_exit_kretprobe)
{
	return on_exit();
}

static __always_inline bool misplaced(int reason)
{
	return reason == bpf_core_enum_value(enum migrate_reason, MR_NUMA_MISPLACED);
}

SEC("tracepoint/migrate/mm_migrate_pages_start")
int enter_tp(struct trace_event_raw_mm_migrate_pages_start *ctx)
{
	return misplaced(ctx->reason) ? on_enter() : 0;
}

SEC("tracepoint/migrate/mm_migrate_pages")
int exit_tp(struct trace_event_raw_mm_migrate_pages *ctx)
{
	return misplaced(ctx->reason) ? on_exit() : 0;
}

char LICENSE[] SEC("license") = "GPL";
