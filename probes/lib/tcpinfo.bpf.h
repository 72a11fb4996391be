/* Reading a TCP flow out of a socket, or out of the tcp: tracepoints'
 * records (which copied it already), for the network tools.  Include after
 * vmlinux.h and the libbpf headers. */
#ifndef BPFKIT_PROBES_LIB_TCPINFO_BPF_H
#define BPFKIT_PROBES_LIB_TCPINFO_BPF_H
#include "tcpinfo.h"

#ifndef AF_INET
#define AF_INET 2
#define AF_INET6 10
#endif

static __always_inline void tcpinfo_sock(const struct sock *sk, struct tcp_flow *f)
{
	f->family = BPF_CORE_READ(sk, __sk_common.skc_family);
	f->sport = BPF_CORE_READ(sk, __sk_common.skc_num);
	f->dport = __builtin_bswap16(BPF_CORE_READ(sk, __sk_common.skc_dport));
	if (f->family == AF_INET6) {
		bpf_core_read(f->saddr, 16, &sk->__sk_common.skc_v6_rcv_saddr);
		bpf_core_read(f->daddr, 16, &sk->__sk_common.skc_v6_daddr);
	} else {
		BPF_CORE_READ_INTO((__u32 *)f->saddr, sk, __sk_common.skc_rcv_saddr);
		BPF_CORE_READ_INTO((__u32 *)f->daddr, sk, __sk_common.skc_daddr);
	}
}

#endif
