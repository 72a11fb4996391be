// SPDX-License-Identifier: GPL-2.0
/* mptcpify: TCP sockets made MPTCP ones, as BCC's: an fmod_ret program on
 * update_socket_protocol() (Linux 6.6), the hook socket() calls for the
 * protocol it will create, returns IPPROTO_MPTCP for a plain stream socket
 * of IPv4 or IPv6, of every command or of -t's. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "common.bpf.h" /* the event stream core opens, empty */
#include "mptcpify.h"

#define AF_INET 2
#define AF_INET6 10
#define SOCK_STREAM 1
#define SOCK_TYPE_MASK 0xf

/* false: only the commands in targets. */
const volatile bool all_commands = true;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, MPTCPIFY_MAX_TARGETS);
	__type(key, char[16]);
	__type(value, __u8);
} targets SEC(".maps");

SEC("fmod_ret/update_socket_protocol")
int BPF_PROG(protocol_fentry, int family, int type, int protocol)
{
	char comm[16] = {};
	if ((family != AF_INET && family != AF_INET6) || (type & SOCK_TYPE_MASK) != SOCK_STREAM ||
	    (protocol && protocol != IPPROTO_TCP))
		return protocol;
	bpf_get_current_comm(comm, sizeof(comm));
	return all_commands || bpf_map_lookup_elem(&targets, comm) ? IPPROTO_MPTCP : protocol;
}

char LICENSE[] SEC("license") = "GPL";
