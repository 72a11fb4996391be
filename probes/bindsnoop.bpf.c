// SPDX-License-Identifier: GPL-2.0
/* bindsnoop: bind() on IPv4 and IPv6 sockets: inet_bind() and inet6_bind()
 * by fentry/fexit or kprobe/kretprobe; on kernels with neither, the bind()
 * system call's entry (the socket of its descriptor) and return. */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "common.bpf.h"
#include "containers.bpf.h"
#include "sock.bpf.h"
#include "sockcount.bpf.h"
#include "bindsnoop.h"

const volatile __u32 targ_tgid = 0;
const volatile __u32 targ_uid = (__u32)-1;
const volatile bool errors = false;

/* Before 6.5 these were bitfields of inet_sock. */
struct inet_sock___old {
	__u8 freebind : 1;
	__u8 transparent : 1;
	__u8 bind_address_no_port : 1;
} __attribute__((preserve_access_index));

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 10240);
	__type(key, __u32);
	__type(value, __u64);
} binding SEC(".maps");

static __always_inline int enter(struct socket *sock, __u16 family)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tid = id;
	if (!sock || (targ_tgid && id >> 32 != targ_tgid))
		return 0;
	if (targ_uid != (__u32)-1 && (__u32)bpf_get_current_uid_gid() != targ_uid)
		return 0;
	if (!containers_allow() || BPF_CORE_READ(sock, sk, __sk_common.skc_family) != family)
		return 0;
	__u64 v = (__u64)sock;
	bpf_map_update_elem(&binding, &tid, &v, BPF_ANY);
	return 0;
}

static __always_inline __u8 options(const struct sock *sk)
{
	__u8 o = 0;
	const struct inet_sock *inet = (const void *)sk;
	/* Since 6.5, bits of inet_flags, numbered as they were added. */
	if (bpf_core_field_exists(inet->inet_flags)) {
		unsigned long f = BPF_CORE_READ(inet, inet_flags);
		o |= (f >> INET_FLAGS_FREEBIND & 1) ? BIND_FREEBIND : 0;
		o |= (f >> INET_FLAGS_TRANSPARENT & 1) ? BIND_TRANSPARENT : 0;
		o |= (f >> INET_FLAGS_BIND_ADDRESS_NO_PORT & 1) ? BIND_NO_PORT : 0;
	} else {
		const struct inet_sock___old *old = (const void *)sk;
		o |= BPF_CORE_READ_BITFIELD_PROBED(old, freebind) ? BIND_FREEBIND : 0;
		o |= BPF_CORE_READ_BITFIELD_PROBED(old, transparent) ? BIND_TRANSPARENT : 0;
		o |= BPF_CORE_READ_BITFIELD_PROBED(old, bind_address_no_port) ? BIND_NO_PORT : 0;
	}
	const struct sock_common *c = &sk->__sk_common;
	o |= BPF_CORE_READ_BITFIELD_PROBED(c, skc_reuse) ? BIND_REUSEADDR : 0;
	o |= BPF_CORE_READ_BITFIELD_PROBED(c, skc_reuseport) ? BIND_REUSEPORT : 0;
	return o;
}

static __always_inline int leave(void *ctx, int ret, __u16 family)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tid = id;
	__u64 *v = bpf_map_lookup_elem(&binding, &tid);
	if (!v)
		return 0;
	struct socket *sock = (struct socket *)*v;
	const struct sock *sk = BPF_CORE_READ(sock, sk);
	if (BPF_CORE_READ(sk, __sk_common.skc_family) != family)
		return 0;
	bpf_map_delete_elem(&binding, &tid);
	if (ret && !errors)
		return 0;
	struct bindsnoop_event e = { .ts_us = bpf_ktime_get_ns() / 1000, .pid = id >> 32, .ret = ret };
	sock_tuple(sk, &e.t);
	/* BCC's ADDR: inet_saddr for IPv4, the bound address. */
	if (family == AF_INET)
		BPF_CORE_READ_INTO((__u32 *)e.t.saddr, (const struct inet_sock *)sk, inet_saddr);
	if (!sock_ports_ok(e.t.lport, 0))
		return 0;
	if (count_only) {
		/* BCC's --count key: the address and port. */
		struct sock_tuple k = { .family = e.t.family, .lport = e.t.lport };
		__builtin_memcpy(k.saddr, e.t.saddr, sizeof(k.saddr));
		sock_count(&k);
		return 0;
	}
	e.uid = bpf_get_current_uid_gid();
	e.bound_dev_if = BPF_CORE_READ(sk, __sk_common.skc_bound_dev_if);
	e.protocol = BPF_CORE_READ(sk, sk_protocol);
	e.opts = options(sk);
	bpf_get_current_comm(e.comm, sizeof(e.comm));
	events_output(ctx, &e, sizeof(e));
	return 0;
}

#define BIND_PROGS(v, fn, fam)                                                           \
	SEC("fentry/" #fn)                                                               \
	int BPF_PROG(v##_enter_fentry, struct socket *sock)                              \
	{                                                                                \
		return enter(sock, fam);                                                 \
	}                                                                                \
	SEC("kprobe/" #fn)                                                               \
	int BPF_KPROBE(v##_enter_kprobe, struct socket *sock)                            \
	{                                                                                \
		return enter(sock, fam);                                                 \
	}                                                                                \
	SEC("tracepoint/syscalls/sys_enter_bind")                                        \
	int v##_enter_tp(struct trace_event_raw_sys_enter *ctx)                          \
	{                                                                                \
		return enter(fd_socket((int)ctx->args[0]), fam);                         \
	}                                                                                \
	SEC("fexit/" #fn)                                                                \
	int BPF_PROG(v##_exit_fexit, struct socket *sock, struct sockaddr *uaddr, int len, int ret) \
	{                                                                                \
		return leave(ctx, ret, fam);                                             \
	}                                                                                \
	SEC("kretprobe/" #fn)                                                            \
	int BPF_KRETPROBE(v##_exit_kretprobe, int ret)                                   \
	{                                                                                \
		return leave(ctx, ret, fam);                                             \
	}                                                                                \
	SEC("tracepoint/syscalls/sys_exit_bind")                                         \
	int v##_exit_tp(struct trace_event_raw_sys_exit *ctx)                            \
	{                                                                                \
		return leave(ctx, (int)ctx->ret, fam);                                   \
	}

BIND_PROGS(bind4, inet_bind, AF_INET)
BIND_PROGS(bind6, inet6_bind, AF_INET6)

char LICENSE[] SEC("license") = "GPL";
