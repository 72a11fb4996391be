// SPDX-License-Identifier: GPL-2.0
/* tcppktlat: how long a TCP segment with data waits in the socket from its
 * arrival (tcp:tcp_probe, which tcp_rcv_established fires) until a thread
 * reads it (tcp:tcp_rcv_space_adjust, from tcp_recvmsg), as libbpf-tools'
 * tcppktlat.  The last arrival per socket is kept; the socket's end
 * (tcp:tcp_destroy_sock) forgets it. */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "common.bpf.h"
#include "sock.bpf.h"
#include "twins.bpf.h"
#include "tcppktlat.h"

const volatile __u32 targ_tgid = 0, targ_tid = 0;
const volatile __u16 targ_lport = 0, targ_rport = 0;
const volatile __u64 targ_min_us = 0;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, __u64);
	__type(value, __u64);
} arrived SEC(".maps");

static __always_inline bool ports_ok(const struct sock *sk)
{
	__u16 lport = __builtin_bswap16(BPF_CORE_READ((const struct inet_sock *)sk, inet_sport));
	__u16 rport = __builtin_bswap16(BPF_CORE_READ(sk, __sk_common.skc_dport));
	return (!targ_lport || lport == targ_lport) && (!targ_rport || rport == targ_rport);
}

/* Only segments that carry data: a bare ACK is nothing to read. */
static __always_inline int arrival(const struct sock *sk, const struct sk_buff *skb)
{
	if (!ports_ok(sk))
		return 0;
	const struct tcphdr *th = (const struct tcphdr *)BPF_CORE_READ(skb, data);
	__u32 doff = BPF_CORE_READ_BITFIELD_PROBED(th, doff);
	if (BPF_CORE_READ(skb, len) <= doff * 4)
		return 0;
	__u64 key = (__u64)sk, now = bpf_ktime_get_ns();
	bpf_map_update_elem(&arrived, &key, &now, BPF_ANY);
	return 0;
}

static __always_inline int read_by_app(void *ctx, const struct sock *sk)
{
	__u64 key = (__u64)sk, id = bpf_get_current_pid_tgid();
	__u64 *at = bpf_map_lookup_elem(&arrived, &key);
	if (!at)
		return 0;
	struct tcppktlat_event e = { .delta_us = (bpf_ktime_get_ns() - *at) / 1000, .pid = id >> 32, .tid = id };
	bpf_map_delete_elem(&arrived, &key);
	if ((targ_tgid && e.pid != targ_tgid) || (targ_tid && e.tid != targ_tid) || e.delta_us <= targ_min_us)
		return 0;
	sock_tuple(sk, &e.t);
	bpf_get_current_comm(e.comm, sizeof(e.comm));
	events_output(ctx, &e, sizeof(e));
	return 0;
}

static __always_inline int destroyed(const struct sock *sk)
{
	__u64 key = (__u64)sk;
	bpf_map_delete_elem(&arrived, &key);
	return 0;
}

BTF_RAW_TWINS(tcp_probe, probe, arrival(sk, skb), struct sock *sk, struct sk_buff *skb)
BTF_RAW_TWINS(tcp_rcv_space_adjust, adjust, read_by_app(ctx, sk), struct sock *sk)
BTF_RAW_TWINS(tcp_destroy_sock, destroy, destroyed(sk), struct sock *sk)

char LICENSE[] SEC("license") = "GPL";
