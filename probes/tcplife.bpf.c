// SPDX-License-Identifier: GPL-2.0
/* tcplife: a TCP session when it closes, with its bytes and length, from
 * sock:inet_sock_set_state.  The process is the one on the CPU when the
 * socket went to SYN_SENT (its connect()) or LAST_ACK (its close() after
 * the peer's), else whoever closes it. */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "common.bpf.h"
#include "sock.bpf.h"
#include "twins.bpf.h"
#include "tcplife.h"

#define IPPROTO_TCP 6
#define TCP_SYN_SENT 2
#define TCP_FIN_WAIT1 4
#define TCP_CLOSE 7
#define TCP_LAST_ACK 9

const volatile __u32 targ_tgid = 0;

struct ident {
	__u32 pid;
	char comm[16];
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, __u64);
	__type(value, __u64);
} birth SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, __u64);
	__type(value, struct ident);
} idents SEC(".maps");

static __always_inline int change(void *ctx, const struct sock *sk, int newstate)
{
	if (BPF_CORE_READ(sk, sk_protocol) != IPPROTO_TCP)
		return 0;
	__u64 key = (__u64)sk, now = bpf_ktime_get_ns();
	__u32 pid = bpf_get_current_pid_tgid() >> 32;
	struct tcplife_event e = {};
	sock_tuple(sk, &e.t);
	if (!sock_ports_ok(e.t.lport, e.t.dport))
		return 0;
	/* Every early state: the session's start is the last of them. */
	if (newstate < TCP_FIN_WAIT1)
		bpf_map_update_elem(&birth, &key, &now, BPF_ANY);
	if (newstate == TCP_SYN_SENT || newstate == TCP_LAST_ACK) {
		if (targ_tgid && pid != targ_tgid)
			return 0;
		struct ident me = { .pid = pid };
		bpf_get_current_comm(me.comm, sizeof(me.comm));
		bpf_map_update_elem(&idents, &key, &me, BPF_ANY);
	}
	if (newstate != TCP_CLOSE)
		return 0;
	__u64 *start = bpf_map_lookup_elem(&birth, &key);
	struct ident *id = bpf_map_lookup_elem(&idents, &key);
	if (!start || !sock_family_ok(e.t.family))
		goto done;
	e.pid = id ? id->pid : pid;
	if (targ_tgid && e.pid != targ_tgid)
		goto done;
	if (id)
		__builtin_memcpy(e.comm, id->comm, sizeof(e.comm));
	else
		bpf_get_current_comm(e.comm, sizeof(e.comm));
	e.span_us = (now - *start) / 1000;
	e.ts_us = now / 1000;
	e.rx_b = BPF_CORE_READ((const struct tcp_sock *)sk, bytes_received);
	e.tx_b = BPF_CORE_READ((const struct tcp_sock *)sk, bytes_acked);
	events_output(ctx, &e, sizeof(e));
done:
	bpf_map_delete_elem(&birth, &key);
	bpf_map_delete_elem(&idents, &key);
	return 0;
}

BTF_RAW_TWINS(inet_sock_set_state, state, change(ctx, sk, newstate), const struct sock *sk, int oldstate, int newstate)

SEC("tracepoint/sock/inet_sock_set_state")
int state_tp(struct trace_event_raw_inet_sock_set_state *ctx)
{
	return change(ctx, ctx->skaddr, ctx->newstate);
}

char LICENSE[] SEC("license") = "GPL";
