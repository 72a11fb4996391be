// SPDX-License-Identifier: GPL-2.0
/* tcpconnect: active TCP connections, each seen at connect()'s entry (the
 * socket) and return (its ports are set by then).  By fentry/fexit or
 * kprobe/kretprobe on tcp_v4_connect and tcp_v6_connect; on kernels
 * without either, by the socket's move to SYN_SENT
 * (sock:inet_sock_set_state, which tcp_vN_connect makes in the caller's
 * context) and the connect() syscall's return. */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "common.bpf.h"
#include "containers.bpf.h"
#include "sock.bpf.h"
#include "sockcount.bpf.h"
#include "tcpconnect.h"

#define IPPROTO_TCP 6
#define TCP_SYN_SENT 2

const volatile __u32 targ_tgid = 0;
const volatile __u32 targ_uid = (__u32)-1;

/* The socket each thread is connecting. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 10240);
	__type(key, __u32);
	__type(value, __u64);
} connecting SEC(".maps");

static __always_inline int enter(const struct sock *sk)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tid = id;
	if (targ_tgid && id >> 32 != targ_tgid)
		return 0;
	if (targ_uid != (__u32)-1 && (__u32)bpf_get_current_uid_gid() != targ_uid)
		return 0;
	if (!containers_allow())
		return 0;
	__u64 skp = (__u64)sk;
	bpf_map_update_elem(&connecting, &tid, &skp, BPF_ANY);
	return 0;
}

/* sent: the SYN went out (tcp_vN_connect returned 0). */
static __always_inline int leave(void *ctx, bool sent, __u16 family)
{
	__u32 tid = bpf_get_current_pid_tgid();
	__u64 *skp = bpf_map_lookup_elem(&connecting, &tid);
	if (!skp)
		return 0;
	const struct sock *sk = (const struct sock *)*skp;
	/* The tracepoint programs of both families see every connect(). */
	if (BPF_CORE_READ(sk, __sk_common.skc_family) != family)
		return 0;
	bpf_map_delete_elem(&connecting, &tid);
	if (!sent)
		return 0;
	struct tcpconnect_event e = { .ts_us = bpf_ktime_get_ns() / 1000 };
	sock_tuple(sk, &e.t);
	if (!sock_family_ok(e.t.family) || !sock_ports_ok(e.t.lport, e.t.dport))
		return 0;
	if (count_only) {
		/* BCC's -c key: the addresses and the remote port. */
		struct sock_tuple k = e.t;
		k.lport = 0;
		sock_count(&k);
		return 0;
	}
	e.pid = bpf_get_current_pid_tgid() >> 32;
	e.uid = bpf_get_current_uid_gid();
	bpf_get_current_comm(e.comm, sizeof(e.comm));
	events_output(ctx, &e, sizeof(e));
	return 0;
}

static __always_inline int state_enter(struct trace_event_raw_inet_sock_set_state *ctx, __u16 family)
{
	if (ctx->newstate != TCP_SYN_SENT || ctx->protocol != IPPROTO_TCP || ctx->family != family)
		return 0;
	return enter(ctx->skaddr);
}

/* The programs core/probe.h's PROBE_FENTRY_TP and PROBE_FEXIT_TP name:
 * PREFIX_fentry, _kprobe, _tp; PREFIX_fexit, _kretprobe, _tp.  The
 * syscall's return counts whatever it returns: a connect() that got to
 * SYN_SENT sent its SYN, even when it then failed (ECONNREFUSED). */
#define CONNECT_PROGS(v, fn, fam)                                                        \
	SEC("fentry/" #fn)                                                               \
	int BPF_PROG(v##_enter_fentry, struct sock *sk)                                  \
	{                                                                                \
		return enter(sk);                                                        \
	}                                                                                \
	SEC("kprobe/" #fn)                                                               \
	int BPF_KPROBE(v##_enter_kprobe, struct sock *sk)                                \
	{                                                                                \
		return enter(sk);                                                        \
	}                                                                                \
	SEC("tracepoint/sock/inet_sock_set_state")                                       \
	int v##_enter_tp(struct trace_event_raw_inet_sock_set_state *ctx)                \
	{                                                                                \
		return state_enter(ctx, fam);                                            \
	}                                                                                \
	SEC("fexit/" #fn)                                                                \
	int BPF_PROG(v##_exit_fexit, struct sock *sk, struct sockaddr *uaddr, int len, int ret) \
	{                                                                                \
		return leave(ctx, ret == 0, fam);                                        \
	}                                                                                \
	SEC("kretprobe/" #fn)                                                            \
	int BPF_KRETPROBE(v##_exit_kretprobe, int ret)                                   \
	{                                                                                \
		return leave(ctx, ret == 0, fam);                                        \
	}                                                                                \
	SEC("tracepoint/syscalls/sys_exit_connect")                                      \
	int v##_exit_tp(struct trace_event_raw_sys_exit *ctx)                            \
	{                                                                                \
		return leave(ctx, true, fam);                                            \
	}

CONNECT_PROGS(v4, tcp_v4_connect, AF_INET)
CONNECT_PROGS(v6, tcp_v6_connect, AF_INET6)

/* -d: getaddrinfo(node, service, hints, res) in libc.  Its entry keeps
 * the name and res per thread; its return files each address of the
 * result's list under that name, for the connects that follow. */
struct lookup {
	__u64 res;
	char name[DNS_NAME_LEN];
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32);
	__type(value, struct lookup);
} lookups SEC(".maps");

/* glibc's struct addrinfo on 64-bit targets. */
struct user_addrinfo {
	int ai_flags, ai_family, ai_socktype, ai_protocol;
	unsigned int ai_addrlen;
	void *ai_addr;
	char *ai_canonname;
	struct user_addrinfo *ai_next;
};

/* What getaddrinfo() returned each address for (probes/lib/dns.h). */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 1024);
	__type(key, struct dns_addr);
	__type(value, struct dns_name);
} dns_names SEC(".maps");

#define DNS_MAX_ADDRS 8

SEC("uprobe")
int BPF_UPROBE(getaddrinfo_uprobe, const char *node, const char *service, const void *hints, void **res)
{
	__u32 tid = bpf_get_current_pid_tgid();
	struct lookup l = { .res = (__u64)res };
	if (node && bpf_probe_read_user_str(l.name, sizeof(l.name), node) > 0)
		bpf_map_update_elem(&lookups, &tid, &l, BPF_ANY);
	return 0;
}

SEC("uretprobe")
int BPF_URETPROBE(getaddrinfo_uretprobe, int ret)
{
	__u32 tid = bpf_get_current_pid_tgid();
	struct lookup *l = bpf_map_lookup_elem(&lookups, &tid);
	if (!l)
		return 0;
	struct user_addrinfo *ai = NULL;
	if (!ret)
		bpf_probe_read_user(&ai, sizeof(ai), (void *)l->res);
	/* The lookup becomes the dns_name filed: the time, then the name. */
	l->res = bpf_ktime_get_ns();
	struct dns_name *n = (struct dns_name *)l;
	for (int i = 0; i < DNS_MAX_ADDRS && ai; i++) {
		struct user_addrinfo a;
		if (bpf_probe_read_user(&a, sizeof(a), ai))
			break;
		struct dns_addr k = { .family = a.ai_family };
		if (a.ai_family == AF_INET)
			bpf_probe_read_user(k.addr, 4, (char *)a.ai_addr + 4); /* sin_addr */
		else if (a.ai_family == AF_INET6)
			bpf_probe_read_user(k.addr, 16, (char *)a.ai_addr + 8); /* sin6_addr */
		if (k.family == AF_INET || k.family == AF_INET6)
			bpf_map_update_elem(&dns_names, &k, n, BPF_ANY);
		ai = a.ai_next;
	}
	bpf_map_delete_elem(&lookups, &tid);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
