// SPDX-License-Identifier: GPL-2.0
/* tcpstates: every TCP state change (sock:inet_sock_set_state), with the
 * time the socket spent in the state it leaves.  The process is whoever is
 * on the CPU when the state changes (often softirq: another task). */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "common.bpf.h"
#include "sock.bpf.h"
#include "twins.bpf.h"
#include "tcpstates.h"

#define IPPROTO_TCP 6
#define TCP_CLOSE 7

/* When each socket last changed state. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, __u64);
	__type(value, __u64);
} last SEC(".maps");

static __always_inline int change(void *ctx, const struct sock *sk, int oldstate, int newstate)
{
	if (BPF_CORE_READ(sk, sk_protocol) != IPPROTO_TCP)
		return 0;
	__u64 key = (__u64)sk, now = bpf_ktime_get_ns();
	struct tcpstates_event e = { .skaddr = key, .oldstate = oldstate, .newstate = newstate };
	sock_tuple(sk, &e.t);
	/* As BCC: a socket leaving the filter forgets its last change. */
	if (!sock_ports_ok(e.t.lport, e.t.dport)) {
		bpf_map_delete_elem(&last, &key);
		return 0;
	}
	if (!sock_family_ok(e.t.family))
		return 0;
	__u64 *tsp = bpf_map_lookup_elem(&last, &key);
	e.span_us = tsp ? (now - *tsp) / 1000 : 0;
	e.ts_us = now / 1000;
	e.pid = bpf_get_current_pid_tgid() >> 32;
	bpf_get_current_comm(e.comm, sizeof(e.comm));
	events_output(ctx, &e, sizeof(e));
	if (newstate == TCP_CLOSE)
		bpf_map_delete_elem(&last, &key);
	else
		bpf_map_update_elem(&last, &key, &now, BPF_ANY);
	return 0;
}

BTF_RAW_TWINS(inet_sock_set_state, state, change(ctx, sk, oldstate, newstate), const struct sock *sk, int oldstate,
	      int newstate)

SEC("tracepoint/sock/inet_sock_set_state")
int state_tp(struct trace_event_raw_inet_sock_set_state *ctx)
{
	return change(ctx, ctx->skaddr, ctx->oldstate, ctx->newstate);
}

char LICENSE[] SEC("license") = "GPL";
