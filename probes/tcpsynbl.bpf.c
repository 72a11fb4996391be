// SPDX-License-Identifier: GPL-2.0
/* tcpsynbl: the listening socket's accept queue (sk_ack_backlog) each time
 * a handshake completes and its child is made, as log2 histograms per
 * backlog limit (sk_max_ack_backlog), as BCC's tcpsynbl.  By kprobe on
 * tcp_v4_syn_recv_sock and tcp_v6_syn_recv_sock (the listener is their
 * first argument); on kernels without kprobes, by the child's birth
 * inside them: inet_csk_clone_lock() copies the listener (its queue
 * counts with it) and moves the copy from LISTEN to SYN_RECV, which
 * sock:inet_sock_set_state reports. */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "hist.bpf.h"
#include "sock.bpf.h"
#include "twins.bpf.h"

#define IPPROTO_TCP 6
#define TCP_SYN_RECV 3
#define TCP_LISTEN 10

/* Keyed by the backlog limit. */
HIST_MAP(hists, 1024);

static __always_inline int backlog(const struct sock *sk)
{
	hist_add(&hists, BPF_CORE_READ(sk, sk_max_ack_backlog), BPF_CORE_READ(sk, sk_ack_backlog), NULL);
	return 0;
}

static __always_inline int born(struct trace_event_raw_inet_sock_set_state *ctx, __u16 family)
{
	if (ctx->oldstate != TCP_LISTEN || ctx->newstate != TCP_SYN_RECV || ctx->protocol != IPPROTO_TCP ||
	    ctx->family != family || !sock_family_ok(family))
		return 0;
	return backlog(ctx->skaddr);
}

/* The listener as the functions' first argument, or the child's birth. */
TWIN_PROG("kprobe/tcp_v4_syn_recv_sock", BPF_KPROBE, v4_kprobe, backlog(sk), const struct sock *sk)
TWIN_PROG("kprobe/tcp_v6_syn_recv_sock", BPF_KPROBE, v6_kprobe, backlog(sk), const struct sock *sk)

#define BORN_TP(v, family)                                                      \
	SEC("tracepoint/sock/inet_sock_set_state")                              \
	int v##_tp(struct trace_event_raw_inet_sock_set_state *ctx)             \
	{                                                                       \
		return born(ctx, family);                                       \
	}
BORN_TP(v4, AF_INET)
BORN_TP(v6, AF_INET6)

char LICENSE[] SEC("license") = "GPL";
