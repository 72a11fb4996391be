// SPDX-License-Identifier: GPL-2.0
/* criticalstat: sections with IRQs (or preemption) off for longer than a
 * threshold, from the preemptirq tracepoints, with the kernel stack where
 * the section ended.  Sections that overlap the CPU's idle loop are left
 * out (power:cpu_idle): idle runs with IRQs off by design. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "common.bpf.h"
#include "criticalstat.h"

const volatile __u64 min_ns = 100000;

struct section {
	__u64 addrs[2];
	__u64 ts;
	int idle_skip; /* idle began or ended inside it */
	int active;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct section);
} sections SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} in_idle SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct critical_event);
} scratch SEC(".maps");

/* The classic tracepoint's record (preemptirq_template): offsets from
 * _stext, so user space adds it back. */
struct preemptirq_record {
	struct trace_entry ent;
	__s32 caller_offs;
	__s32 parent_offs;
};

static __always_inline void on_idle(__u32 state)
{
	__u32 zero = 0;
	struct section *s = bpf_map_lookup_elem(&sections, &zero);
	if (s && s->active)
		s->idle_skip = 1;
	__u32 *idle = bpf_map_lookup_elem(&in_idle, &zero);
	/* PWR_EVENT_EXIT is (u32)-1: any C-state number enters idle. */
	if (idle)
		*idle = state < 100;
}

static __always_inline bool idle_now(void)
{
	__u32 zero = 0, *idle = bpf_map_lookup_elem(&in_idle, &zero);
	return idle && *idle;
}

static __always_inline void reset(void)
{
	__u32 zero = 0;
	struct section *s = bpf_map_lookup_elem(&sections, &zero);
	if (s)
		__builtin_memset(s, 0, sizeof(*s));
}

static __always_inline int on_disable(__u64 caller, __u64 parent)
{
	__u32 zero = 0;
	if (idle_now()) {
		reset();
		return 0;
	}
	struct section *s = bpf_map_lookup_elem(&sections, &zero);
	if (!s)
		return 0;
	s->addrs[0] = caller;
	s->addrs[1] = parent;
	s->ts = bpf_ktime_get_ns();
	s->idle_skip = 0;
	s->active = 1;
	return 0;
}

static __always_inline int on_enable(void *ctx, __u64 caller, __u64 parent, bool rel)
{
	__u32 zero = 0;
	struct section *s = bpf_map_lookup_elem(&sections, &zero);
	if (!s || idle_now() || !s->active || s->idle_skip)
		goto out;
	__u64 now = bpf_ktime_get_ns();
	if (s->ts > now || now - s->ts < min_ns)
		goto out;
	struct critical_event *e = bpf_map_lookup_elem(&scratch, &zero);
	if (!e)
		goto out;
	__u64 id = bpf_get_current_pid_tgid();
	e->time_ns = now - s->ts;
	e->addrs[CS_START_CALLER] = s->addrs[0];
	e->addrs[CS_START_PARENT] = s->addrs[1];
	e->addrs[CS_END_CALLER] = caller;
	e->addrs[CS_END_PARENT] = parent;
	e->pid = id >> 32;
	e->tid = id;
	e->cpu = bpf_get_smp_processor_id();
	e->rel = rel;
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	long n = bpf_get_stack(ctx, e->kstack, sizeof(e->kstack), 0);
	e->nkstack = n > 0 ? (__u64)n / 8 : 0;
	events_output(ctx, e, sizeof(*e));
out:
	reset();
	return 0;
}

/* Raw tracepoints: (ip, parent_ip) as addresses. */
SEC("raw_tp")
int disable_raw(struct bpf_raw_tracepoint_args *ctx)
{
	return on_disable(ctx->args[0], ctx->args[1]);
}

SEC("raw_tp")
int enable_raw(struct bpf_raw_tracepoint_args *ctx)
{
	return on_enable(ctx, ctx->args[0], ctx->args[1], false);
}

SEC("raw_tp")
int idle_raw(struct bpf_raw_tracepoint_args *ctx)
{
	on_idle((__u32)ctx->args[0]);
	return 0;
}

SEC("tracepoint")
int disable_tp(struct preemptirq_record *ctx)
{
	return on_disable((__u64)(__s64)ctx->caller_offs, (__u64)(__s64)ctx->parent_offs);
}

SEC("tracepoint")
int enable_tp(struct preemptirq_record *ctx)
{
	return on_enable(ctx, (__u64)(__s64)ctx->caller_offs, (__u64)(__s64)ctx->parent_offs, true);
}

SEC("tracepoint")
int idle_tp(struct trace_event_raw_cpu *ctx)
{
	on_idle(ctx->state);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
