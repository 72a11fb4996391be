// SPDX-License-Identifier: GPL-2.0
/* kvmexit: VM exits counted per vCPU thread and exit reason, from the kvm
 * module's kvm_exit trace event (as BCC's kvmexit). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "common.bpf.h"
#include "kvmexit.h"

const volatile __u32 targ_tgid = 0;
const volatile __u32 targ_tid = 0;

BPF_MAP(counts, BPF_MAP_TYPE_HASH, struct kvmexit_key, __u64, 10240);

/* The trace event's first fields, at the offsets its format file gives:
 * stable since Linux 4.x, while the raw tracepoint's arguments changed
 * (5.12 dropped exit_reason from them). */
struct kvm_exit_args {
	__u64 common;
	unsigned int exit_reason;
	unsigned long guest_rip;
	__u32 isa;
};

SEC("tracepoint/kvm/kvm_exit")
int exit_tp(struct kvm_exit_args *ctx)
{
	__u64 id = bpf_get_current_pid_tgid();
	struct kvmexit_key k = { .pid = id >> 32, .tid = id };
	if ((targ_tgid && k.pid != targ_tgid) || (targ_tid && k.tid != targ_tid))
		return 0;
	k.isa = ctx->isa;
	/* VMX's high bits are flags (FAILED_VMENTRY); the reason is below. */
	k.reason = k.isa == 1 ? ctx->exit_reason & 0xffff : ctx->exit_reason;
	__u64 one = 1, *v = bpf_map_lookup_elem(&counts, &k);
	if (v)
		__sync_fetch_and_add(v, 1);
	else
		bpf_map_update_elem(&counts, &k, &one, BPF_NOEXIST);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
