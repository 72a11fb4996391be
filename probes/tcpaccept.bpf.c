// SPDX-License-Identifier: GPL-2.0
/* tcpaccept: passive TCP connections, the socket inet_csk_accept()
 * returns, by kretprobe; on kernels without kprobes, the socket of
 * the file descriptor accept() or accept4() returns. */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "common.bpf.h"
#include "containers.bpf.h"
#include "sock.bpf.h"
#include "tcpaccept.h"

#define IPPROTO_TCP 6

const volatile __u32 targ_tgid = 0;
/* Set when the accept() syscalls are the way (no fexit, no kretprobe):
 * their programs are attached either way, as the second spec. */
const volatile bool from_syscalls = false;

static __always_inline int accepted(void *ctx, const struct sock *sk)
{
	__u32 pid = bpf_get_current_pid_tgid() >> 32;
	if (!sk || (targ_tgid && pid != targ_tgid) || !containers_allow())
		return 0;
	if (BPF_CORE_READ(sk, sk_protocol) != IPPROTO_TCP)
		return 0;
	struct tcpaccept_event e = { .ts_us = bpf_ktime_get_ns() / 1000, .pid = pid };
	sock_tuple(sk, &e.t);
	if (!sock_family_ok(e.t.family) || !sock_ports_ok(e.t.lport, 0))
		return 0;
	bpf_get_current_comm(e.comm, sizeof(e.comm));
	events_output(ctx, &e, sizeof(e));
	return 0;
}

SEC("kretprobe/inet_csk_accept")
int BPF_KRETPROBE(accept_kretprobe, struct sock *ret)
{
	return accepted(ctx, ret);
}

SEC("tracepoint/syscalls/sys_exit_accept4")
int accept_tp(struct trace_event_raw_sys_exit *ctx)
{
	return accepted(ctx, fd_sock(ctx->ret));
}

SEC("tracepoint/syscalls/sys_exit_accept")
int accept0_tp(struct trace_event_raw_sys_exit *ctx)
{
	return from_syscalls ? accepted(ctx, fd_sock(ctx->ret)) : 0;
}

char LICENSE[] SEC("license") = "GPL";
