/* The network tools' filters, done in the kernel: -4 or -6 (not both),
 * and port lists (tcplife -L 80,81 -D 443), written into the rodata of
 * probes/lib/sock.bpf.h (targ_family, targ_lports, targ_dports). */
#ifndef BPFKIT_CORE_NETFILTER_H
#define BPFKIT_CORE_NETFILTER_H
#include "core/netnames.h" /* inet_ip_name, for the columns below */
#include "core/record.h"

#include <stdbool.h>

struct tracer;

struct net_filter {
	bool ipv4, ipv6;
	/* The options' arguments (NULL: not given), and the words for them
	 * in messages ("local port"). */
	const char *lports, *dports;
	const char *lwhat, *dwhat;
};

/* Before load (a tool's .configure): 0, or -EINVAL after one line. */
int net_filter_configure(struct tracer *t, const struct net_filter *f);

/* The inode number of PID's network namespace (0: this process's), the
 * kernel's net->ns.inum that BPF filters compare; -errno after one line. */
int netns_of_pid(int pid, unsigned long *inum);

/* BCC's -4 and -6 into a net_filter f; word begins their help ("Trace",
 * or tcpretrans' and tcptop's "trace"). */
#define NET_FAMILY_OPTIONS(f, word)                                        \
	OPT_FLAG('4', "ipv4", &(f).ipv4, word " IPv4 family only"),        \
	OPT_FLAG('6', "ipv6", &(f).ipv6, word " IPv6 family only")

/* tcpconnect's and tcpconnlat's PID COMM IP SADDR [LPORT] DADDR, of a
 * record T with pid, comm and a struct sock_tuple t; LPORT when *with_lport. */
#define NET_CONNECT_COLUMNS(T, with_lport)                                          \
	COL(T, pid, "PID", "%-7u "), COL(T, comm, "COMM", "%-12.12s "),        \
	COL(T, t.family, "IP", "%-2s ", .name_of = inet_ip_name),              \
	COL_INET(T, t.saddr, t.family, "SADDR", "%-16s "),                     \
	COL(T, t.lport, "LPORT", "%-6u ", .when = (with_lport)),                 \
	COL_INET(T, t.daddr, t.family, "DADDR", "%-16s ")

/* What tcplife and tcpstates share: BCC's -T -t -w -s -L -D -4 -6, and the
 * flags their columns are shown by (narrow: not -w; ip_col: -w or -s). */
struct net_session {
	struct net_filter nf;
	bool time_col, timestamp, wide, csv;
	bool narrow, ip_col;
};
#define NET_SESSION_OPTIONS(s)                                                                                 \
	OPT_FLAG('T', "time", &(s).time_col, "Include time column on output (HH:MM:SS)"),                        \
	OPT_FLAG('t', "timestamp", &(s).timestamp, "Include timestamp on output (seconds)"),                     \
	OPT_FLAG('w', "wide", &(s).wide, "Wide column output (fits IPv6 addresses)"),                            \
	OPT_FLAG('s', "csv", &(s).csv, "Comma separated values output"),                                         \
	OPT_STRING('L', "localport", "LPORTS", &(s).nf.lports, "Comma-separated list of local ports to trace"),  \
	OPT_STRING('D', "remoteport", "RPORTS", &(s).nf.dports, "Comma-separated list of remote ports to trace"), \
	NET_FAMILY_OPTIONS((s).nf, "Trace")
#define NET_SESSION_INIT { .nf = { .lwhat = "local port", .dwhat = "remote port" } }
/* The tool's .configure: -s with -j refused, CSV set, the filters written. */
int net_session_configure(struct tracer *t, struct net_session *s);

/* What a session tool (tcplife, tcpstates) declares: its state s, the
 * options bound to it, its probe (inet_sock_set_state, program "state")
 * and its .configure; NET_SESSION_FIELDS(s) puts them in DECLARE_TOOL.
 * Options of the tool's own follow (tcpstates' -Y). */
#define NET_SESSION_TOOL(s, ...)                                                                               \
	static struct net_session s = NET_SESSION_INIT;                                                        \
	static const struct tool_option s##_options[] = { NET_SESSION_OPTIONS(s), ##__VA_ARGS__, { { 0 } } };  \
	static const struct probe_spec s##_probes[] = { PROBE_BTF_RAW_TP("sock", "inet_sock_set_state", "state") }; \
	static int s##_configure(struct tracer *t)                                                             \
	{                                                                                                      \
		return net_session_configure(t, &s);                                                           \
	}
#define NET_SESSION_FIELDS(s) .bound = s##_options, TOOL_PROBES(s##_probes), .configure = s##_configure

/* The session tools' columns, of a record T with ts_us, comm and a struct
 * sock_tuple t: -T's TIME and -t's TIME(s); COMM (titled title) 10 wide,
 * 16 with -w; then IP (with -w or -s) LADDR LPORT RADDR RPORT, 15 or (-w)
 * 39 wide. */
#define NET_SESSION_TIME_COLUMNS(T, s)                                         \
	COL_TIME("TIME", "%-8s ", .when = &(s).time_col),                      \
	COL(T, ts_us, "TIME(s)", "%-9.6f ", .when = &(s).timestamp, .scale = 1e6, .since_first = true)
#define NET_SESSION_COMM_COLUMNS(T, s, title)                                  \
	COL(T, comm, title, "%-10.10s ", .when = &(s).narrow),                 \
	COL(T, comm, title, "%-16.16s ", .when = &(s).wide)
#define NET_SESSION_ADDR_COLUMNS(T, s)                                         \
	COL(T, t.family, "IP", "%-2s ", .when = &(s).ip_col, .name_of = inet_ip_name), \
	COL_INET(T, t.saddr, t.family, "LADDR", "%-15s ", .when = &(s).narrow), \
	COL_INET(T, t.saddr, t.family, "LADDR", "%-39s ", .when = &(s).wide),  \
	COL(T, t.lport, "LPORT", "%-5u "),                                     \
	COL_INET(T, t.daddr, t.family, "RADDR", "%-15s ", .when = &(s).narrow), \
	COL_INET(T, t.daddr, t.family, "RADDR", "%-39s ", .when = &(s).wide),  \
	COL(T, t.dport, "RPORT", "%-5u ")

#endif
