// SPDX-License-Identifier: GPL-2.0
/* llcstat: last-level cache references and misses, sampled one in N from
 * the hardware counters, by process (or thread) and CPU. */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "llcstat.h"

const volatile bool per_thread = false;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, struct llc_key);
	__type(value, struct llc_value);
} counts SEC(".maps");

static __always_inline int account(struct bpf_perf_event_data *ctx, bool miss)
{
	__u64 id = bpf_get_current_pid_tgid();
	struct llc_key k = { .cpu = bpf_get_smp_processor_id(), .pid = id >> 32 };
	k.tid = per_thread ? (__u32)id : k.pid;
	bpf_get_current_comm(k.comm, sizeof(k.comm));
	struct llc_value *v = bpf_map_lookup_elem(&counts, &k);
	if (!v) {
		struct llc_value zero = {};
		bpf_map_update_elem(&counts, &k, &zero, BPF_NOEXIST);
		v = bpf_map_lookup_elem(&counts, &k);
		if (!v)
			return 0;
	}
	/* Each sample stands for sample_period events. */
	if (miss)
		__sync_fetch_and_add(&v->misses, ctx->sample_period);
	else
		__sync_fetch_and_add(&v->refs, ctx->sample_period);
	return 0;
}

SEC("perf_event")
int on_cache_miss(struct bpf_perf_event_data *ctx)
{
	return account(ctx, true);
}

SEC("perf_event")
int on_cache_ref(struct bpf_perf_event_data *ctx)
{
	return account(ctx, false);
}

char LICENSE[] SEC("license") = "GPL";
