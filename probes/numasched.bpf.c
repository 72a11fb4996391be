// SPDX-License-Identifier: GPL-2.0
/* numasched: threads that run on another NUMA node than before.  At every
 * context switch the outgoing thread (the current one) is on the CPU it ran
 * on; its node is compared with the node of its last switch, as BCC's
 * numasched does. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "common.bpf.h"
#include "numasched.h"

const volatile __u32 targ_tgid = 0;
const volatile __u32 targ_tid = 0;

/* LRU: threads that ended leave their entry behind; the oldest go first. */
BPF_MAP(last_nid, BPF_MAP_TYPE_LRU_HASH, __u32, __u32, 10240);

static __always_inline int on_switch(void *ctx)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 pid = id >> 32, tid = id, nid = bpf_get_numa_node_id();
	/* The idle threads (0) are on every CPU at once. */
	if (!tid || (targ_tgid && pid != targ_tgid) || (targ_tid && tid != targ_tid))
		return 0;
	__u32 *old = bpf_map_lookup_elem(&last_nid, &tid);
	if (old && *old != nid) {
		struct numa_event e = { .pid = pid, .tid = tid, .old_nid = *old, .new_nid = nid };
		bpf_get_current_comm(e.comm, sizeof(e.comm));
		events_output(ctx, &e, sizeof(e));
	}
	if (!old || *old != nid)
		bpf_map_update_elem(&last_nid, &tid, &nid, BPF_ANY);
	return 0;
}

SEC("tp_btf/sched_switch")
int BPF_PROG(switch_btf)
{
	return on_switch(ctx);
}

SEC("raw_tp/sched_switch")
int BPF_PROG(switch_raw)
{
	return on_switch(ctx);
}

SEC("tracepoint/sched/sched_switch")
int switch_tp(void *ctx)
{
	return on_switch(ctx);
}

char LICENSE[] SEC("license") = "GPL";
