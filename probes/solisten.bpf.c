// SPDX-License-Identifier: GPL-2.0
/* solisten: listen() on TCP sockets: inet_listen() by fentry or kprobe; on
 * kernels with neither, the listen() system call's entry, with its backlog
 * capped at net.core.somaxconn as the kernel caps it before inet_listen(). */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "common.bpf.h"
#include "sock.bpf.h"
#include "solisten.h"

#define SOCK_STREAM 1

const volatile __u32 targ_tgid = 0;
const volatile __u32 targ_netns = 0;

static __always_inline int listening(void *ctx, struct socket *sock, int backlog)
{
	__u32 pid = bpf_get_current_pid_tgid() >> 32;
	if (!sock || (targ_tgid && pid != targ_tgid) || BPF_CORE_READ(sock, type) != SOCK_STREAM)
		return 0;
	const struct sock *sk = BPF_CORE_READ(sock, sk);
	struct solisten_event e = { .ts_us = bpf_ktime_get_ns() / 1000, .pid = pid, .backlog = backlog };
	sock_tuple(sk, &e.t);
	if (e.t.family != AF_INET && e.t.family != AF_INET6)
		return 0;
	e.netns = BPF_CORE_READ(sk, __sk_common.skc_net.net, ns.inum);
	if (targ_netns && e.netns != targ_netns)
		return 0;
	bpf_get_current_comm(e.comm, sizeof(e.comm));
	events_output(ctx, &e, sizeof(e));
	return 0;
}

SEC("fentry/inet_listen")
int BPF_PROG(listen_fentry, struct socket *sock, int backlog)
{
	return listening(ctx, sock, backlog);
}

SEC("kprobe/inet_listen")
int BPF_KPROBE(listen_kprobe, struct socket *sock, int backlog)
{
	return listening(ctx, sock, backlog);
}

SEC("tracepoint/syscalls/sys_enter_listen")
int listen_tp(struct trace_event_raw_sys_enter *ctx)
{
	struct socket *sock = fd_socket((int)ctx->args[0]);
	if (!sock)
		return 0;
	int backlog = (int)ctx->args[1];
	int max = BPF_CORE_READ(sock, sk, __sk_common.skc_net.net, core.sysctl_somaxconn);
	if ((unsigned int)backlog > (unsigned int)max)
		backlog = max;
	return listening(ctx, sock, backlog);
}

char LICENSE[] SEC("license") = "GPL";
