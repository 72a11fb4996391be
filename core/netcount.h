/* BCC's count tables printed at Ctrl-C: tcpconnect -c (LADDR RADDR RPORT
 * CONNECTS) and bindsnoop --count (LADDR LPORT BINDS), from the
 * sock_counts map of probes/lib/sockcount.bpf.h; IPv4 rows, then IPv6,
 * each most counted first (ties by address and port), as BCC's two
 * tables.  -j: one object a row. */
#ifndef BPFKIT_CORE_NETCOUNT_H
#define BPFKIT_CORE_NETCOUNT_H
#include <stdbool.h>

struct tracer;

/* A tool's .table: tcpconnect's, bindsnoop's.  0 or a negative errno
 * (printed). */
int net_count_connects(struct tracer *t);
int net_count_binds(struct tracer *t);

#endif
