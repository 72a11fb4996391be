// SPDX-License-Identifier: GPL-2.0
/* tcptop: TCP bytes sent and received per process and flow, summed in the
 * kernel and read and cleared every interval. */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "common.bpf.h"
#include "lib/containers.bpf.h"
#include "lib/tcpinfo.bpf.h"
#include "tcptop.h"

const volatile __u32 targ_tgid = 0;
const volatile __u16 targ_family = 0;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, struct top_key);
	__type(value, struct top_bytes);
} flows SEC(".maps");

static __always_inline int count(struct sock *sk, long bytes, bool sent)
{
	__u32 pid = bpf_get_current_pid_tgid() >> 32;
	if (bytes <= 0 || (targ_tgid && pid != targ_tgid) || !containers_allow())
		return 0;
	struct top_key k = { .pid = pid };
	tcpinfo_sock(sk, &k.f);
	if ((k.f.family != AF_INET && k.f.family != AF_INET6) || (targ_family && k.f.family != targ_family))
		return 0;
	bpf_get_current_comm(k.comm, sizeof(k.comm));
	struct top_bytes *v = bpf_map_lookup_elem(&flows, &k);
	if (!v) {
		struct top_bytes zero = {};
		bpf_map_update_elem(&flows, &k, &zero, BPF_NOEXIST);
		v = bpf_map_lookup_elem(&flows, &k);
		if (!v)
			return 0;
	}
	__sync_fetch_and_add(sent ? &v->sent : &v->received, bytes);
	return 0;
}

SEC("fentry/tcp_sendmsg")
int BPF_PROG(send_fentry, struct sock *sk, struct msghdr *msg, size_t size)
{
	return count(sk, size, true);
}

SEC("kprobe/tcp_sendmsg")
int BPF_KPROBE(send_kprobe, struct sock *sk, struct msghdr *msg, size_t size)
{
	return count(sk, size, true);
}

SEC("fentry/tcp_cleanup_rbuf")
int BPF_PROG(recv_fentry, struct sock *sk, int copied)
{
	return count(sk, copied, false);
}

SEC("kprobe/tcp_cleanup_rbuf")
int BPF_KPROBE(recv_kprobe, struct sock *sk, int copied)
{
	return count(sk, copied, false);
}

/* Kernels without kprobes (6.3+): what sock_sendmsg() and sock_recvmsg()
 * returned, for TCP sockets; peeks leave the data queued. */
SEC("tracepoint/sock/sock_send_length")
int send_tp(struct trace_event_raw_sock_msg_length *ctx)
{
	if (ctx->protocol != IPPROTO_TCP)
		return 0;
	return count(ctx->sk, ctx->ret, true);
}

SEC("tracepoint/sock/sock_recv_length")
int recv_tp(struct trace_event_raw_sock_msg_length *ctx)
{
	if (ctx->protocol != IPPROTO_TCP || (ctx->flags & 2 /* MSG_PEEK */))
		return 0;
	return count(ctx->sk, ctx->ret, false);
}

char LICENSE[] SEC("license") = "GPL";
