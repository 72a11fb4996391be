// SPDX-License-Identifier: GPL-2.0
/* uthreads: threads one process makes, by pthread_create() and, for Java,
 * HotSpot's thread__start and thread__stop probes. */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "common.bpf.h"
#include "lang.bpf.h"
#include "uthreads.h"

/* BCC reads glibc's pthread_start probe, which fires in the new thread;
 * bookworm's glibc has none, so pthread_create's entry keeps the start
 * routine by the calling thread, and the clone it makes inside (the fork
 * tracepoint, in that thread) names the new thread. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4096);
	__type(key, __u32);
	__type(value, __u64);
} creating SEC(".maps");

SEC("uprobe")
int BPF_UPROBE(pthread_create_uprobe, void *thread, void *attr, void *start)
{
	__u32 tid = bpf_get_current_pid_tgid();
	__u64 routine = (__u64)start;
	bpf_map_update_elem(&creating, &tid, &routine, BPF_ANY);
	return 0;
}

/* A call that failed before its clone leaves nothing for a later fork(). */
SEC("uretprobe")
int pthread_create_uretprobe(struct pt_regs *ctx)
{
	__u32 tid = bpf_get_current_pid_tgid();
	bpf_map_delete_elem(&creating, &tid);
	return 0;
}

static __always_inline int on_fork(void *ctx, struct task_struct *child)
{
	__u32 tid = bpf_get_current_pid_tgid();
	__u64 *routine = bpf_map_lookup_elem(&creating, &tid);
	if (!routine)
		return 0;
	struct uthreads_event e = { .ts = bpf_ktime_get_ns(), .runtime_id = *routine, .type = UTHREADS_PTHREAD };
	e.native_id = BPF_CORE_READ(child, pid);
	bpf_map_delete_elem(&creating, &tid);
	events_output(ctx, &e, sizeof(e));
	return 0;
}

SEC("tp_btf/sched_process_fork")
int BPF_PROG(fork_btf, struct task_struct *parent, struct task_struct *child)
{
	return on_fork(ctx, child);
}

SEC("raw_tp/sched_process_fork")
int BPF_PROG(fork_raw, struct task_struct *parent, struct task_struct *child)
{
	return on_fork(ctx, child);
}

/* HotSpot's thread__start/stop(name, length, Java ID, native ID, daemon). */
static __always_inline int on_java(struct pt_regs *ctx, __u32 type)
{
	struct uthreads_event e = { .ts = bpf_ktime_get_ns(), .type = type };
	lang_str(ctx, 0, 1, e.name, sizeof(e.name));
	bpf_usdt_arg(ctx, 2, (long *)&e.runtime_id);
	bpf_usdt_arg(ctx, 3, (long *)&e.native_id);
	events_output(ctx, &e, sizeof(e));
	return 0;
}

SEC("usdt") int java_start_usdt(struct pt_regs *ctx) { return on_java(ctx, UTHREADS_START); }
SEC("usdt") int java_stop_usdt(struct pt_regs *ctx) { return on_java(ctx, UTHREADS_STOP); }

char LICENSE[] SEC("license") = "GPL";
