// SPDX-License-Identifier: GPL-2.0
/* writeback: each writeback work of the flusher threads, from its start to
 * the end of its writing (wb_writeback), with its reason and the pages it
 * wrote, as the BPF tools book's writeback.bt. */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include "common.bpf.h"
#include "writeback.h"

struct start {
	__u64 ts;
	long nr_pages;
};

/* Keyed by thread: wb_writeback() fires both tracepoints for one work in
 * the flusher thread that runs it, one work at a time. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4096);
	__type(key, __u32);
	__type(value, struct start);
} starts SEC(".maps");

SEC("tracepoint/writeback/writeback_start")
int start_tp(struct trace_event_raw_writeback_work_class *ctx)
{
	__u32 tid = bpf_get_current_pid_tgid();
	struct start s = { .ts = bpf_ktime_get_ns(), .nr_pages = ctx->nr_pages };
	bpf_map_update_elem(&starts, &tid, &s, BPF_ANY);
	return 0;
}

SEC("tracepoint/writeback/writeback_written")
int written_tp(struct trace_event_raw_writeback_work_class *ctx)
{
	__u32 tid = bpf_get_current_pid_tgid();
	struct start *s = bpf_map_lookup_elem(&starts, &tid);
	if (!s)
		return 0;
	struct wb_event e = {
		.pages = s->nr_pages - ctx->nr_pages,
		.lat_ns = bpf_ktime_get_ns() - s->ts,
		.sb_dev = ctx->sb_dev,
		.reason = ctx->reason,
	};
	bpf_map_delete_elem(&starts, &tid);
	bpf_probe_read_kernel_str(e.name, sizeof(e.name), ctx->name);
	events_output(ctx, &e, sizeof(e));
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
