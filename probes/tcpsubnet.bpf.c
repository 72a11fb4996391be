// SPDX-License-Identifier: GPL-2.0
/* tcpsubnet: TCP bytes sent to IPv4 destinations, summed per subnet (the
 * first of the list that holds the destination), as BCC's tcpsubnet.  By
 * fentry, else kprobe, on tcp_sendmsg (its size argument, as BCC's); on
 * kernels with neither, by sock:sock_send_length, which sock_sendmsg()
 * fires with the bytes a send took. */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "twins.bpf.h"
#include "tcpsubnet.h"

#define AF_INET 2
#define IPPROTO_TCP 6

/* Network order, as the socket holds its destination. */
const volatile __u32 net_addrs[TCPSUBNET_MAX] = {}, net_masks[TCPSUBNET_MAX] = {};
const volatile __u32 nnets = 0;

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, TCPSUBNET_MAX);
	__type(key, __u32);
	__type(value, __u64);
} sent SEC(".maps");

static __always_inline int count(const struct sock *sk, long bytes)
{
	if (bytes <= 0 || BPF_CORE_READ(sk, __sk_common.skc_family) != AF_INET)
		return 0;
	__u32 dst = BPF_CORE_READ(sk, __sk_common.skc_daddr);
	for (__u32 i = 0; i < TCPSUBNET_MAX && i < nnets; i++) {
		if ((dst & net_masks[i]) != (net_addrs[i] & net_masks[i]))
			continue;
		__u64 *v = bpf_map_lookup_elem(&sent, &i);
		if (v)
			__sync_fetch_and_add(v, bytes);
		break;
	}
	return 0;
}

FENTRY_KPROBE_TWINS(tcp_sendmsg, send, count(sk, size), struct sock *sk, struct msghdr *msg, size_t size)

SEC("tracepoint/sock/sock_send_length")
int send_tp(struct trace_event_raw_sock_msg_length *ctx)
{
	if (ctx->protocol != IPPROTO_TCP || ctx->family != AF_INET)
		return 0;
	return count(ctx->sk, ctx->ret);
}

char LICENSE[] SEC("license") = "GPL";
