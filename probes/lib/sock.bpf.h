/* A socket's addresses and ports as the network tools report them, read
 * from struct sock itself: the same facts whichever way a tool saw the
 * socket (a tracepoint's skaddr, a kprobe's or fentry's argument), and the
 * kernel-side filters of core/netfilter.h's options (-4/-6, port lists).
 * Include after vmlinux.h and the libbpf headers. */
#ifndef BPFKIT_PROBES_SOCK_BPF_H
#define BPFKIT_PROBES_SOCK_BPF_H
#include "sock.h"

#ifndef AF_INET
#define AF_INET 2
#define AF_INET6 10
#endif

/* core/netfilter.c writes these: 0 any family; ports, 0 after the last
 * (none: any). */
const volatile __u16 targ_family = 0;
const volatile __u16 targ_lports[SOCK_MAX_PORTS] = {};
const volatile __u16 targ_dports[SOCK_MAX_PORTS] = {};

/* Local and remote address and port; lport in host order, dport too. */
static __always_inline void sock_tuple(const struct sock *sk, struct sock_tuple *t)
{
	t->family = BPF_CORE_READ(sk, __sk_common.skc_family);
	/* inet_sport, as the sock:inet_sock_set_state tracepoint reads it:
	 * skc_num is already 0 when a socket is unhashed on its way to CLOSE. */
	t->lport = __builtin_bswap16(BPF_CORE_READ((const struct inet_sock *)sk, inet_sport));
	t->dport = __builtin_bswap16(BPF_CORE_READ(sk, __sk_common.skc_dport));
	if (t->family == AF_INET6) {
		BPF_CORE_READ_INTO(&t->saddr, sk, __sk_common.skc_v6_rcv_saddr.in6_u.u6_addr8);
		BPF_CORE_READ_INTO(&t->daddr, sk, __sk_common.skc_v6_daddr.in6_u.u6_addr8);
	} else {
		BPF_CORE_READ_INTO((__u32 *)t->saddr, sk, __sk_common.skc_rcv_saddr);
		BPF_CORE_READ_INTO((__u32 *)t->daddr, sk, __sk_common.skc_daddr);
	}
}

#define S_IFMT 00170000
#define S_IFSOCK 0140000

/* The socket behind a file descriptor of this process, if it is one: the
 * syscall tracepoints' way to what a kprobe on inet_* gets as an argument. */
static __always_inline struct socket *fd_socket(long fd)
{
	if (fd < 0)
		return NULL;
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct file **fds = BPF_CORE_READ(task, files, fdt, fd);
	struct file *f = NULL;
	if (fd >= BPF_CORE_READ(task, files, fdt, max_fds) || bpf_probe_read_kernel(&f, sizeof(f), &fds[fd]) || !f)
		return NULL;
	if ((BPF_CORE_READ(f, f_inode, i_mode) & S_IFMT) != S_IFSOCK)
		return NULL;
	return BPF_CORE_READ(f, private_data);
}

static __always_inline const struct sock *fd_sock(long fd)
{
	struct socket *sock = fd_socket(fd);
	return sock ? BPF_CORE_READ(sock, sk) : NULL;
}

/* Who a socket's later event belongs to, kept at an earlier one in the
 * process's context (its connect()) until the later one (in softirq) comes:
 * SOCK_OWNER_MAP(owners), keyed by the socket's address. */
struct sock_owner {
	__u32 pid;
	char comm[16];
};
#define SOCK_OWNER_MAP(name)                                                           \
	struct {                                                                       \
		__uint(type, BPF_MAP_TYPE_LRU_HASH);                                   \
		__uint(max_entries, 10240);                                            \
		__type(key, __u64);                                                    \
		__type(value, struct sock_owner);                                      \
	} name SEC(".maps")

static __always_inline void sock_owner_set(void *map, const struct sock *sk)
{
	__u64 key = (__u64)sk;
	struct sock_owner me = { .pid = bpf_get_current_pid_tgid() >> 32 };
	bpf_get_current_comm(me.comm, sizeof(me.comm));
	bpf_map_update_elem(map, &key, &me, BPF_ANY);
}

static __always_inline bool sock_port_in(const volatile __u16 *list, __u16 port)
{
	if (!list[0])
		return true;
	for (int i = 0; i < SOCK_MAX_PORTS && list[i]; i++)
		if (list[i] == port)
			return true;
	return false;
}

/* The -4/-6 and -L/-D (or -P) filters. */
static __always_inline bool sock_family_ok(__u16 family)
{
	return !targ_family || family == targ_family;
}

static __always_inline bool sock_ports_ok(__u16 lport, __u16 dport)
{
	return sock_port_in(targ_lports, lport) && sock_port_in(targ_dports, dport);
}

#endif
