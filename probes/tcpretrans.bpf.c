// SPDX-License-Identifier: GPL-2.0
/* tcpretrans: TCP retransmits (and tail loss probes, -l), one event each or
 * counted per flow (-c). */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "common.bpf.h"
#include "lib/tcpinfo.bpf.h"
#include "tcpretrans.h"

const volatile bool count_only = false;
const volatile __u16 targ_family = 0; /* 0: both */

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, struct tcp_flow);
	__type(value, __u64);
} counts SEC(".maps");

static __always_inline int emit(void *ctx, struct retrans_event *e)
{
	if (targ_family && e->f.family != targ_family)
		return 0;
	if (count_only) {
		static const __u64 one = 1;
		__u64 *n = bpf_map_lookup_elem(&counts, &e->f);
		if (n)
			__sync_fetch_and_add(n, 1);
		else
			bpf_map_update_elem(&counts, &e->f, &one, BPF_NOEXIST);
		return 0;
	}
	e->pid = bpf_get_current_pid_tgid() >> 32;
	events_output(ctx, e, sizeof(*e));
	return 0;
}

static __always_inline __u32 skb_seq(const struct sk_buff *skb)
{
	const struct tcp_skb_cb *tcb = (const void *)skb->cb;
	__u32 seq = 0;
	bpf_core_read(&seq, sizeof(seq), &tcb->seq);
	return seq;
}

static __always_inline int from_sock(void *ctx, const struct sock *sk, const struct sk_buff *skb, int type)
{
	struct retrans_event e = { .type = type };
	tcpinfo_sock(sk, &e.f);
	e.state = BPF_CORE_READ(sk, __sk_common.skc_state);
	if (skb)
		e.seq = skb_seq(skb);
	return emit(ctx, &e);
}

/* The start of the tracepoint's record, the same on every kernel that has
 * it; after it the fields moved (family came in 5.17, err in 6.10 with the
 * type's new name), so the flow is read from the socket. */
struct retrans_tp_ctx {
	__u64 common;
	const struct sk_buff *skbaddr;
	const struct sock *skaddr;
};

SEC("tracepoint/tcp/tcp_retransmit_skb")
int retrans_tp(struct retrans_tp_ctx *ctx)
{
	/* 6.10+ also reports retransmits that failed: nothing was sent.  Read
	 * through a helper: a load past the end of an older kernel's record
	 * makes attaching fail (EACCES) even where never executed. */
	if (bpf_core_type_exists(struct trace_event_raw_tcp_retransmit_skb)) {
		int err = 0;
		bpf_probe_read_kernel(&err, sizeof(err),
				      (void *)ctx + bpf_core_field_offset(struct trace_event_raw_tcp_retransmit_skb, err));
		if (err)
			return 0;
	}
	return from_sock(ctx, ctx->skaddr, ctx->skbaddr, TCPRETRANS_RETRANSMIT);
}

SEC("kprobe/tcp_retransmit_skb")
int BPF_KPROBE(retrans_kprobe, struct sock *sk, struct sk_buff *skb)
{
	return from_sock(ctx, sk, skb, TCPRETRANS_RETRANSMIT);
}

SEC("fentry/tcp_send_loss_probe")
int BPF_PROG(tlp_fentry, struct sock *sk)
{
	return from_sock(ctx, sk, NULL, TCPRETRANS_TLP);
}

SEC("kprobe/tcp_send_loss_probe")
int BPF_KPROBE(tlp_kprobe, struct sock *sk)
{
	return from_sock(ctx, sk, NULL, TCPRETRANS_TLP);
}

char LICENSE[] SEC("license") = "GPL";
