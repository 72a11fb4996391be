// SPDX-License-Identifier: GPL-2.0
/* tcpcong: how long TCP flows spend in each congestion control state
 * (open, disorder, cwr, recovery, loss), per flow or as histograms. */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "common.bpf.h"
#include "hist.bpf.h"
#include "lib/tcpinfo.bpf.h"
#include "tcpcong.h"

const volatile bool dist = false, micro = false;
const volatile __u16 lport_min = 0, lport_max = 0xffff, rport_min = 0, rport_max = 0xffff;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, struct tcp_flow);
	__type(value, struct cong_val);
} flows SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, CONG_STATES);
	__type(key, __u32);
	__type(value, struct hist);
} hists SEC(".maps");

/* kprobe path: the socket of the call, for its return. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, __u32);
	__type(value, struct sock *);
} calls SEC(".maps");

static __always_inline int on_state(struct tcp_flow *f, __u32 state)
{
	if (f->sport < lport_min || f->sport > lport_max || f->dport < rport_min || f->dport > rport_max)
		return 0;
	if (f->family != AF_INET && f->family != AF_INET6)
		return 0;
	__u64 now = bpf_ktime_get_ns();
	struct cong_val *v = bpf_map_lookup_elem(&flows, f);
	if (!v) {
		struct cong_val n = { .last_ts = now, .last = state + 1 };
		bpf_map_update_elem(&flows, f, &n, BPF_NOEXIST);
		return 0;
	}
	if (v->last == state + 1)
		return 0;
	__u32 old = v->last - 1;
	__u64 us = (now - v->last_ts) / 1000;
	v->last_ts = now;
	v->last = state + 1;
	if (old >= CONG_STATES)
		return 0;
	if (dist) {
		struct hist *h = bpf_map_lookup_elem(&hists, &old);
		if (!h) {
			bpf_map_update_elem(&hists, &old, &hist_zero, BPF_NOEXIST);
			h = bpf_map_lookup_elem(&hists, &old);
			if (!h)
				return 0;
		}
		__u32 slot = log2_slot(micro ? us : us / 1000);
		if (slot >= HIST_SLOTS)
			slot = HIST_SLOTS - 1;
		__sync_fetch_and_add(&h->slots[slot], 1);
		return 0;
	}
	/* The verifier wants the bound on the index itself. */
	barrier_var(old);
	__sync_fetch_and_add(&v->dura_us[old & 7], us);
	__sync_fetch_and_add(&v->changes, 1);
	return 0;
}

static __always_inline int from_sock(struct sock *sk)
{
	struct tcp_flow f = {};
	tcpinfo_sock(sk, &f);
	struct inet_connection_sock *icsk = (void *)sk;
	return on_state(&f, BPF_CORE_READ_BITFIELD_PROBED(icsk, icsk_ca_state));
}

SEC("tracepoint/tcp/tcp_cong_state_set")
int cong_tp(struct trace_event_raw_tcp_cong_state_set *ctx)
{
	struct tcp_flow f = { .family = ctx->family, .sport = ctx->sport, .dport = ctx->dport };
	if (f.family == AF_INET6) {
		bpf_probe_read_kernel(f.saddr, 16, ctx->saddr_v6);
		bpf_probe_read_kernel(f.daddr, 16, ctx->daddr_v6);
	} else {
		bpf_probe_read_kernel(f.saddr, 4, ctx->saddr);
		bpf_probe_read_kernel(f.daddr, 4, ctx->daddr);
	}
	return on_state(&f, ctx->cong_state);
}

/* Kernels before 5.19: every state change happens inside one of these
 * five functions; the state is read when it returns. */
#define CONG_FUNC(func)                                                       \
	SEC("fexit/" #func)                                                   \
	int BPF_PROG(func##_fexit, struct sock *sk)                           \
	{                                                                     \
		return from_sock(sk);                                         \
	}                                                                     \
	SEC("kprobe/" #func)                                                  \
	int BPF_KPROBE(func##_kprobe, struct sock *sk)                        \
	{                                                                     \
		__u32 tid = bpf_get_current_pid_tgid();                       \
		bpf_map_update_elem(&calls, &tid, &sk, BPF_ANY);              \
		return 0;                                                     \
	}                                                                     \
	SEC("kretprobe/" #func)                                               \
	int BPF_KRETPROBE(func##_kretprobe)                                   \
	{                                                                     \
		__u32 tid = bpf_get_current_pid_tgid();                       \
		struct sock **skp = bpf_map_lookup_elem(&calls, &tid);        \
		if (!skp)                                                     \
			return 0;                                             \
		struct sock *sk = *skp;                                       \
		bpf_map_delete_elem(&calls, &tid);                            \
		return from_sock(sk);                                         \
	}

CONG_FUNC(tcp_fastretrans_alert)
CONG_FUNC(tcp_enter_cwr)
CONG_FUNC(tcp_process_tlp_ack)
CONG_FUNC(tcp_enter_loss)
CONG_FUNC(tcp_enter_recovery)

char LICENSE[] SEC("license") = "GPL";
