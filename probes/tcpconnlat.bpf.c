// SPDX-License-Identifier: GPL-2.0
/* tcpconnlat: the time from connect() (tcp_vN_connect) to the end of the
 * handshake: the first packet tcp_rcv_state_process() sees while the socket
 * is in SYN_SENT (a SYN-ACK, or a reset).  By fentry or kprobe; on kernels
 * with neither, by the socket's moves to SYN_SENT and out of it
 * (sock:inet_sock_set_state), which those functions make. */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "common.bpf.h"
#include "sock.bpf.h"
#include "tcpconnlat.h"

#define IPPROTO_TCP 6
#define TCP_SYN_SENT 2

const volatile __u32 targ_tgid = 0;
const volatile __u64 min_us = 0;

struct start {
	__u64 ts;
	__u32 pid;
	char comm[16];
};

/* LRU: a socket closed before its handshake ended leaves its entry. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 10240);
	__type(key, __u64);
	__type(value, struct start);
} starts SEC(".maps");

static __always_inline int connecting(const struct sock *sk)
{
	__u32 pid = bpf_get_current_pid_tgid() >> 32;
	if (targ_tgid && pid != targ_tgid)
		return 0;
	struct start s = { .ts = bpf_ktime_get_ns(), .pid = pid };
	bpf_get_current_comm(s.comm, sizeof(s.comm));
	__u64 key = (__u64)sk;
	bpf_map_update_elem(&starts, &key, &s, BPF_ANY);
	return 0;
}

static __always_inline int handshake(void *ctx, const struct sock *sk)
{
	__u64 key = (__u64)sk;
	struct start *s = bpf_map_lookup_elem(&starts, &key);
	if (!s)
		return 0;
	__u64 now = bpf_ktime_get_ns();
	struct tcpconnlat_event e = { .ts_us = now / 1000, .delta_us = (now - s->ts) / 1000, .pid = s->pid };
	__builtin_memcpy(e.comm, s->comm, sizeof(e.comm));
	bpf_map_delete_elem(&starts, &key);
	if (e.delta_us < min_us)
		return 0;
	sock_tuple(sk, &e.t);
	if (!sock_family_ok(e.t.family))
		return 0;
	events_output(ctx, &e, sizeof(e));
	return 0;
}

#define START_PROGS(v, fn, fam)                                                          \
	SEC("fentry/" #fn)                                                               \
	int BPF_PROG(v##_start_fentry, struct sock *sk)                                  \
	{                                                                                \
		return connecting(sk);                                                   \
	}                                                                                \
	SEC("kprobe/" #fn)                                                               \
	int BPF_KPROBE(v##_start_kprobe, struct sock *sk)                                \
	{                                                                                \
		return connecting(sk);                                                   \
	}                                                                                \
	SEC("tracepoint/sock/inet_sock_set_state")                                       \
	int v##_start_tp(struct trace_event_raw_inet_sock_set_state *ctx)                \
	{                                                                                \
		if (ctx->newstate != TCP_SYN_SENT || ctx->protocol != IPPROTO_TCP ||     \
		    ctx->family != fam)                                                  \
			return 0;                                                        \
		return connecting(ctx->skaddr);                                          \
	}

START_PROGS(v4, tcp_v4_connect, AF_INET)
START_PROGS(v6, tcp_v6_connect, AF_INET6)

static __always_inline int received(void *ctx, const struct sock *sk)
{
	if (BPF_CORE_READ(sk, __sk_common.skc_state) != TCP_SYN_SENT)
		return 0;
	return handshake(ctx, sk);
}

SEC("fentry/tcp_rcv_state_process")
int BPF_PROG(done_fentry, struct sock *sk)
{
	return received(ctx, sk);
}

SEC("kprobe/tcp_rcv_state_process")
int BPF_KPROBE(done_kprobe, struct sock *sk)
{
	return received(ctx, sk);
}

SEC("tracepoint/sock/inet_sock_set_state")
int done_tp(struct trace_event_raw_inet_sock_set_state *ctx)
{
	if (ctx->oldstate != TCP_SYN_SENT || ctx->protocol != IPPROTO_TCP)
		return 0;
	return handshake(ctx, ctx->skaddr);
}

char LICENSE[] SEC("license") = "GPL";
