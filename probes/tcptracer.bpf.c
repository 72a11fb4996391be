// SPDX-License-Identifier: GPL-2.0
/* tcptracer: TCP connections as they are established by connect() (C) or
 * accept() (A), and as they are closed (X), as BCC's tcptracer.
 *
 * Connect: the socket's move to SYN_SENT, which connect() makes in the
 * caller's context (its PID), then its move from SYN_SENT to ESTABLISHED
 * (sock:inet_sock_set_state; BCC's kprobe on tcp_set_state sees the same
 * call).  Accept: the socket inet_csk_accept() returns (kretprobe), else
 * that of the descriptor accept4()/accept() return.  Close: tcp_close()
 * (fentry, else kprobe), else a close() of a TCP socket's descriptor. */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "common.bpf.h"
#include "containers.bpf.h"
#include "sock.bpf.h"
#include "twins.bpf.h"
#include "tcptracer.h"

#define IPPROTO_TCP 6
#define TCP_ESTABLISHED 1
#define TCP_SYN_SENT 2
#define TCP_SYN_RECV 3
#define TCP_CLOSE 7
#define TCP_NEW_SYN_RECV 12

const volatile __u32 targ_tgid = 0, targ_netns = 0;
/* Set when the accept() syscalls are the way: their programs are attached
 * either way, as the second spec. */
const volatile bool from_syscalls = false;

/* Who connects each socket, from SYN_SENT until ESTABLISHED (or CLOSE). */
SOCK_OWNER_MAP(connecting);

static __always_inline bool mine(void)
{
	return (!targ_tgid || bpf_get_current_pid_tgid() >> 32 == targ_tgid) && containers_allow();
}

/* The event of sk, unless a filter or an unset address or port (BCC
 * leaves those out) says no. */
static __always_inline bool fill(struct tcptracer_event *e, const struct sock *sk, __u32 type)
{
	if (!sk || BPF_CORE_READ(sk, sk_protocol) != IPPROTO_TCP)
		return false;
	sock_tuple(sk, &e->t);
	e->netns = BPF_CORE_READ(sk, __sk_common.skc_net.net, ns.inum);
	if ((e->t.family != AF_INET && e->t.family != AF_INET6) || !sock_family_ok(e->t.family))
		return false;
	if ((targ_netns && e->netns != targ_netns) || !e->t.lport || !e->t.dport)
		return false;
	__u64 a = 0;
	for (int i = 0; i < (e->t.family == AF_INET ? 4 : 16); i++)
		a |= e->t.saddr[i] | e->t.daddr[i] << 8;
	if (!(a & 0xff) || !(a & 0xff00))
		return false;
	e->type = type;
	e->ts_ns = bpf_ktime_get_ns();
	return true;
}

static __always_inline int change(void *ctx, const struct sock *sk, int oldstate, int newstate)
{
	__u64 key = (__u64)sk;
	if (newstate == TCP_SYN_SENT) {
		if (mine())
			sock_owner_set(&connecting, sk);
		return 0;
	}
	if (newstate != TCP_ESTABLISHED && newstate != TCP_CLOSE)
		return 0;
	struct sock_owner *id = bpf_map_lookup_elem(&connecting, &key);
	if (!id)
		return 0;
	struct tcptracer_event e = { .pid = id->pid };
	__builtin_memcpy(e.comm, id->comm, sizeof(e.comm));
	bpf_map_delete_elem(&connecting, &key);
	if (newstate == TCP_ESTABLISHED && oldstate == TCP_SYN_SENT && fill(&e, sk, TCPTRACER_CONNECT))
		events_output(ctx, &e, sizeof(e));
	return 0;
}

static __always_inline int current_event(void *ctx, const struct sock *sk, __u32 type)
{
	struct tcptracer_event e = { .pid = bpf_get_current_pid_tgid() >> 32 };
	if (!mine() || !fill(&e, sk, type))
		return 0;
	bpf_get_current_comm(e.comm, sizeof(e.comm));
	events_output(ctx, &e, sizeof(e));
	return 0;
}

/* Connections never established are not closed ones (as BCC's). */
static __always_inline int closing(void *ctx, const struct sock *sk)
{
	int state = sk ? BPF_CORE_READ(sk, __sk_common.skc_state) : TCP_CLOSE;
	if (state == TCP_SYN_SENT || state == TCP_SYN_RECV || state == TCP_NEW_SYN_RECV)
		return 0;
	return current_event(ctx, sk, TCPTRACER_CLOSE);
}

BTF_RAW_TWINS(inet_sock_set_state, state, change(ctx, sk, oldstate, newstate), const struct sock *sk, int oldstate,
	      int newstate)

SEC("tracepoint/sock/inet_sock_set_state")
int state_tp(struct trace_event_raw_inet_sock_set_state *ctx)
{
	return change(ctx, ctx->skaddr, ctx->oldstate, ctx->newstate);
}

SEC("kretprobe/inet_csk_accept")
int BPF_KRETPROBE(accept_kretprobe, struct sock *ret)
{
	return current_event(ctx, ret, TCPTRACER_ACCEPT);
}

SEC("tracepoint/syscalls/sys_exit_accept4")
int accept_tp(struct trace_event_raw_sys_exit *ctx)
{
	return current_event(ctx, fd_sock(ctx->ret), TCPTRACER_ACCEPT);
}

SEC("tracepoint/syscalls/sys_exit_accept")
int accept0_tp(struct trace_event_raw_sys_exit *ctx)
{
	return from_syscalls ? current_event(ctx, fd_sock(ctx->ret), TCPTRACER_ACCEPT) : 0;
}

FENTRY_KPROBE_TWINS(tcp_close, close, closing(ctx, sk), struct sock *sk)

SEC("tracepoint/syscalls/sys_enter_close")
int close_tp(struct trace_event_raw_sys_enter *ctx)
{
	const struct sock *sk = fd_sock(ctx->args[0]);
	return sk ? closing(ctx, sk) : 0;
}

char LICENSE[] SEC("license") = "GPL";
