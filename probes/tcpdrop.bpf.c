// SPDX-License-Identifier: GPL-2.0
/* tcpdrop: TCP packets the kernel drops, with the reason, the socket's
 * state, the packet's addresses and flags, and the kernel stack. */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "common.bpf.h"
#include "lib/tcpinfo.bpf.h"
#include "tcpdrop.h"

const volatile __u16 targ_family = 0;
const volatile __u32 targ_netns = 0;

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct drop_event);
} scratch SEC(".maps");

static __always_inline int drop(void *ctx, struct sock *sk, struct sk_buff *skb, int reason)
{
	if (!sk || BPF_CORE_READ_BITFIELD_PROBED(sk, sk_protocol) != IPPROTO_TCP)
		return 0;
	__u16 family = BPF_CORE_READ(sk, __sk_common.skc_family);
	if ((family != AF_INET && family != AF_INET6) || (targ_family && family != targ_family))
		return 0;
	if (targ_netns && BPF_CORE_READ(sk, __sk_common.skc_net.net, ns.inum) != targ_netns)
		return 0;
	unsigned char *head = BPF_CORE_READ(skb, head);
	__u16 nh = BPF_CORE_READ(skb, network_header), th = BPF_CORE_READ(skb, transport_header);
	if (nh == (__u16)~0U || th == (__u16)~0U)
		return 0;
	__u32 zero = 0;
	struct drop_event *e = bpf_map_lookup_elem(&scratch, &zero);
	if (!e)
		return 0;
	/* The packet's own addresses, whichever way it went. */
	__u8 ver = 0;
	bpf_probe_read_kernel(&ver, 1, head + nh);
	if (ver >> 4 == 4) {
		struct iphdr *ip = (void *)(head + nh);
		if (BPF_CORE_READ(ip, protocol) != IPPROTO_TCP)
			return 0;
		e->f.family = AF_INET;
		bpf_probe_read_kernel(e->f.saddr, 4, &ip->saddr);
		bpf_probe_read_kernel(e->f.daddr, 4, &ip->daddr);
	} else if (ver >> 4 == 6) {
		struct ipv6hdr *ip6 = (void *)(head + nh);
		if (BPF_CORE_READ(ip6, nexthdr) != IPPROTO_TCP)
			return 0;
		e->f.family = AF_INET6;
		bpf_probe_read_kernel(e->f.saddr, 16, &ip6->saddr);
		bpf_probe_read_kernel(e->f.daddr, 16, &ip6->daddr);
	} else {
		return 0;
	}
	struct tcphdr *tcp = (void *)(head + th);
	e->f.sport = __builtin_bswap16(BPF_CORE_READ(tcp, source));
	e->f.dport = __builtin_bswap16(BPF_CORE_READ(tcp, dest));
	bpf_probe_read_kernel(&e->flags, 1, (__u8 *)tcp + 13);
	e->state = BPF_CORE_READ(sk, __sk_common.skc_state);
	e->reason = reason;
	e->pid = bpf_get_current_pid_tgid() >> 32;
	long n = bpf_get_stack(ctx, e->kstack, sizeof(e->kstack), 0);
	e->nkstack = n > 0 ? (__u64)n / 8 : 0;
	events_output(ctx, e, sizeof(*e));
	return 0;
}

SEC("tracepoint/skb/kfree_skb")
int kfree_skb_tp(struct trace_event_raw_kfree_skb *ctx)
{
	/* Before 5.17 every free looked alike: BCC then uses tcp_drop(). */
	if (!bpf_core_field_exists(ctx->reason))
		return 0;
	int reason = ctx->reason;
	if (reason <= SKB_DROP_REASON_NOT_SPECIFIED)
		return 0;
	struct sk_buff *skb = ctx->skbaddr;
	struct sock *sk = BPF_CORE_READ(skb, sk);
	/* A received packet belongs to no socket; 6.13+ says which one
	 * dropped it. */
	if (!sk && bpf_core_field_exists(ctx->rx_sk))
		sk = ctx->rx_sk;
	return drop(ctx, sk, skb, reason);
}

SEC("kprobe/tcp_drop")
int BPF_KPROBE(tcp_drop_kprobe, struct sock *sk, struct sk_buff *skb)
{
	return drop(ctx, sk, skb, -1);
}

char LICENSE[] SEC("license") = "GPL";
