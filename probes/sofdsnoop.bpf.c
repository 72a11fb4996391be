// SPDX-License-Identifier: GPL-2.0
/* sofdsnoop: file descriptors passed over unix sockets (SCM_RIGHTS).  BCC
 * reads them in the kernel's __scm_send() and scm_detach_fds(); here the
 * sendmsg() and recvmsg() system calls' message headers are read from the
 * caller's memory: the rights a sender gives at the call's entry, those the
 * receiver got (its new descriptors) at its return.  sendmmsg() and
 * recvmmsg() are read at their return, for as many messages as went. */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "common.bpf.h"
#include "sock.bpf.h"
#include "twins.bpf.h"
#include "sofdsnoop.h"

#define NR_sendmsg 46 /* x86_64 */
#define NR_recvmsg 47
#define NR_recvmmsg 299
#define NR_sendmmsg 307
#define SOL_SOCKET 1
#define SCM_RIGHTS 1
#define AF_UNIX 1
/* Control messages walked per message, messages per sendmmsg/recvmmsg. */
#define MAX_CMSGS 4
#define MAX_MMSGS 8

const volatile __u32 targ_tgid = 0;
const volatile __u32 targ_tid = 0;
/* Set when the raw sys_enter/sys_exit programs serve the *mmsg() calls. */
const volatile bool raw_sendmmsg = false, raw_recvmmsg = false;

struct pending {
	struct user_msghdr *msg; /* or the struct mmsghdr array of a *mmsg() */
	int fd;
	int action;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, __u32);
	__type(value, struct pending);
} pendings SEC(".maps"); /* calls read at their return, by thread */

struct cmsg {
	__u64 len;
	int level, type;
};

static __always_inline bool traced(__u64 id)
{
	return (!targ_tgid || id >> 32 == targ_tgid) && (!targ_tid || (__u32)id == targ_tid);
}

static __always_inline bool unix_socket(long fd)
{
	const struct sock *sk = fd_sock(fd);
	return sk && BPF_CORE_READ(sk, __sk_common.skc_family) == AF_UNIX;
}

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct sofd_event);
} scratch SEC(".maps");

/* The SCM_RIGHTS control messages in msg, an event each: read whole, so
 * the verifier walks no loop over descriptors.  A function of its own: the
 * *mmsg() calls walk it per message. */
static __noinline int rights(void *ctx, const struct user_msghdr *msg, int sock_fd, int action)
{
	struct user_msghdr m;
	__u32 zero = 0;
	struct sofd_event *e = bpf_map_lookup_elem(&scratch, &zero);
	if (!e || bpf_probe_read_user(&m, sizeof(m), msg) || !m.msg_control)
		return 0;
	e->r.ts_us = bpf_ktime_get_ns() / 1000;
	e->r.tid = bpf_get_current_pid_tgid();
	e->r.action = action;
	e->r.sock_fd = sock_fd;
	bpf_get_current_comm(e->r.comm, sizeof(e->r.comm));
	__u64 off = 0;
	for (int i = 0; i < MAX_CMSGS && off + sizeof(struct cmsg) <= m.msg_controllen; i++) {
		struct cmsg c;
		char *at = (char *)m.msg_control + off;
		if (bpf_probe_read_user(&c, sizeof(c), at) || c.len < sizeof(c) || off + c.len > m.msg_controllen)
			break;
		if (c.level == SOL_SOCKET && c.type == SCM_RIGHTS) {
			__u32 size = (c.len - sizeof(c)) & (sizeof(e->fds) - 1) & ~3U;
			e->nfds = size / sizeof(int);
			if (size && !bpf_probe_read_user(e->fds, size, at + sizeof(c)))
				events_output(ctx, e, sizeof(*e));
		}
		off += (c.len + 7) & ~7ULL;
	}
	return 0;
}

static __always_inline int send_enter(void *ctx, long fd, const struct user_msghdr *msg)
{
	if (!traced(bpf_get_current_pid_tgid()) || !unix_socket(fd))
		return 0;
	return rights(ctx, msg, fd, SOFD_SEND);
}

/* A call whose messages are read at its return: recvmsg(), and the *mmsg()
 * pair (vec set), whose return says how many messages went. */
static __always_inline int pend(long fd, void *msg, int action)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tid = id;
	if (!traced(id) || !unix_socket(fd))
		return 0;
	struct pending p = { .msg = msg, .fd = fd, .action = action };
	bpf_map_update_elem(&pendings, &tid, &p, BPF_ANY);
	return 0;
}

static __always_inline int recv_enter(long fd, struct user_msghdr *msg)
{
	return pend(fd, msg, SOFD_RECV);
}

static __always_inline int recv_exit(void *ctx, long ret)
{
	__u32 tid = bpf_get_current_pid_tgid();
	struct pending *p = bpf_map_lookup_elem(&pendings, &tid);
	int err = p && ret >= 0 ? rights(ctx, p->msg, p->fd, SOFD_RECV) : 0;
	bpf_map_delete_elem(&pendings, &tid);
	return err;
}

static __always_inline int mmsg_exit(void *ctx, long ret)
{
	__u32 tid = bpf_get_current_pid_tgid();
	struct pending *p = bpf_map_lookup_elem(&pendings, &tid);
	if (!p)
		return 0;
	struct pending q = *p;
	bpf_map_delete_elem(&pendings, &tid);
	for (int i = 0; i < MAX_MMSGS && i < ret; i++)
		rights(ctx, (struct user_msghdr *)((struct mmsghdr *)q.msg + i), q.fd, q.action);
	return 0;
}

SYSCALL_ENTER(sendmsg)
{
	return send_enter(ctx, (long)ctx->args[0], (const struct user_msghdr *)ctx->args[1]);
}

SYSCALL_ENTER(recvmsg)
{
	return recv_enter((long)ctx->args[0], (struct user_msghdr *)ctx->args[1]);
}

SYSCALL_EXIT(recvmsg)
{
	return recv_exit(ctx, ctx->ret);
}

SYSCALL_ENTER(sendmmsg)
{
	return pend((long)ctx->args[0], (void *)ctx->args[1], SOFD_SEND);
}

SYSCALL_EXIT(sendmmsg)
{
	return mmsg_exit(ctx, ctx->ret);
}

SYSCALL_ENTER(recvmmsg)
{
	return pend((long)ctx->args[0], (void *)ctx->args[1], SOFD_RECV);
}

SYSCALL_EXIT(recvmmsg)
{
	return mmsg_exit(ctx, ctx->ret);
}

RAW_SYSCALL_ENTER(sendmsg)
{
	if (id != NR_sendmsg)
		return 0;
	return send_enter(ctx, PT_REGS_PARM1_CORE_SYSCALL(regs), (void *)PT_REGS_PARM2_CORE_SYSCALL(regs));
}

RAW_SYSCALL_ENTER(recvmsg)
{
	if (id != NR_recvmsg)
		return 0;
	return recv_enter(PT_REGS_PARM1_CORE_SYSCALL(regs), (void *)PT_REGS_PARM2_CORE_SYSCALL(regs));
}

RAW_SYSCALL_EXIT(recvmsg)
{
	if (BPF_CORE_READ(regs, orig_ax) != NR_recvmsg)
		return 0;
	return recv_exit(ctx, ret);
}

static __always_inline bool raw_mmsg(long nr)
{
	return (nr == NR_sendmmsg && raw_sendmmsg) || (nr == NR_recvmmsg && raw_recvmmsg);
}

RAW_SYSCALL_ENTER(mmsg)
{
	if (!raw_mmsg(id))
		return 0;
	return pend(PT_REGS_PARM1_CORE_SYSCALL(regs), (void *)PT_REGS_PARM2_CORE_SYSCALL(regs),
		    id == NR_sendmmsg ? SOFD_SEND : SOFD_RECV);
}

RAW_SYSCALL_EXIT(mmsg)
{
	if (!raw_mmsg(BPF_CORE_READ(regs, orig_ax)))
		return 0;
	return mmsg_exit(ctx, ret);
}

char LICENSE[] SEC("license") = "GPL";
