// SPDX-License-Identifier: GPL-2.0
/* tcprtt: the smoothed RTT of TCP sockets each time an established one
 * takes a segment in, as log2 histograms, for all or per address. */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "common.bpf.h"
#include "hist.bpf.h"
#include "lib/tcpinfo.bpf.h"
#include "tcprtt.h"

const volatile __u32 key_by = TCPRTT_ALL;
const volatile bool millis = false, extension = false;
const volatile __u16 targ_family = 0, targ_lport = 0, targ_rport = 0;
/* IPv4 as IPv4-mapped IPv6, as the addresses below. */
const volatile bool filter_laddr = false, filter_raddr = false;
const volatile __u8 targ_laddr[16] = {}, targ_raddr[16] = {};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32);
	__type(value, struct hist);
} hists SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32);
	__type(value, struct rtt_total);
} latency SEC(".maps");

static __always_inline void v6form(__u8 a[16], __u16 family)
{
	if (family != AF_INET)
		return;
	__u32 v4 = *(__u32 *)a;
	__builtin_memset(a, 0, 10);
	a[10] = a[11] = 0xff;
	*(__u32 *)(a + 12) = v4;
}

static __always_inline bool same(const __u8 *a, const volatile __u8 *b)
{
	for (int i = 0; i < 16; i++)
		if (a[i] != b[i])
			return false;
	return true;
}

static __always_inline int rtt(struct tcp_flow *f, __u32 srtt)
{
	if ((f->family != AF_INET && f->family != AF_INET6) || (targ_family && f->family != targ_family))
		return 0;
	if ((targ_lport && f->sport != targ_lport) || (targ_rport && f->dport != targ_rport))
		return 0;
	v6form(f->saddr, f->family);
	v6form(f->daddr, f->family);
	if ((filter_laddr && !same(f->saddr, targ_laddr)) || (filter_raddr && !same(f->daddr, targ_raddr)))
		return 0;
	if (millis)
		srtt /= 1000;
	/* A section's key: the address folded to 32 bits (an IPv4 address
	 * stays itself), the address itself in the histogram's name bytes. */
	__u8 *a = key_by == TCPRTT_LOCAL ? f->saddr : f->daddr;
	__u32 key = 0;
	if (key_by != TCPRTT_ALL)
		key = (*(__u32 *)a ^ *(__u32 *)(a + 4) ^ *(__u32 *)(a + 8) ^ *(__u32 *)(a + 12)) | 1;
	struct hist *h = bpf_map_lookup_elem(&hists, &key);
	if (!h) {
		bpf_map_update_elem(&hists, &key, &hist_zero, BPF_NOEXIST);
		h = bpf_map_lookup_elem(&hists, &key);
		if (!h)
			return 0;
		__builtin_memcpy(h->comm, a, 16);
	}
	__u32 slot = log2_slot(srtt);
	if (slot >= HIST_SLOTS)
		slot = HIST_SLOTS - 1;
	__sync_fetch_and_add(&h->slots[slot], 1);
	if (extension) {
		struct rtt_total *t = bpf_map_lookup_elem(&latency, &key);
		if (!t) {
			struct rtt_total zero = {};
			bpf_map_update_elem(&latency, &key, &zero, BPF_NOEXIST);
			t = bpf_map_lookup_elem(&latency, &key);
			if (!t)
				return 0;
		}
		__sync_fetch_and_add(&t->total, srtt);
		__sync_fetch_and_add(&t->count, 1);
	}
	return 0;
}

static __always_inline int from_sock(struct sock *sk)
{
	struct tcp_flow f = {};
	tcpinfo_sock(sk, &f);
	return rtt(&f, BPF_CORE_READ((struct tcp_sock *)sk, srtt_us) >> 3);
}

SEC("fentry/tcp_rcv_established")
int BPF_PROG(rcv_fentry, struct sock *sk)
{
	return from_sock(sk);
}

SEC("kprobe/tcp_rcv_established")
int BPF_KPROBE(rcv_kprobe, struct sock *sk)
{
	return from_sock(sk);
}

/* tcp_rcv_established() fires it first thing, with srtt_us >> 3. */
SEC("tracepoint/tcp/tcp_probe")
int rcv_tp(struct trace_event_raw_tcp_probe *ctx)
{
	struct tcp_flow f = { .family = ctx->family, .sport = ctx->sport, .dport = ctx->dport };
	if (f.family == AF_INET) {
		bpf_probe_read_kernel(f.saddr, 4, ctx->saddr + 4); /* sockaddr_in's sin_addr */
		bpf_probe_read_kernel(f.daddr, 4, ctx->daddr + 4);
	} else {
		bpf_probe_read_kernel(f.saddr, 16, ctx->saddr + 8); /* sockaddr_in6's sin6_addr */
		bpf_probe_read_kernel(f.daddr, 16, ctx->daddr + 8);
	}
	return rtt(&f, ctx->srtt);
}

char LICENSE[] SEC("license") = "GPL";
