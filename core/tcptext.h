/* TCP as BCC's network tools print it: an ADDR:PORT column (tcpretrans'
 * LADDR:LPORT, tcpdrop's SADDR:SPORT), TCP flags; state names are
 * core/netnames.h's. */
#ifndef BPFKIT_CORE_TCPTEXT_H
#define BPFKIT_CORE_TCPTEXT_H
#include "core/netnames.h" /* tcp_state_name, for the tools using these */
#include "core/record.h"

/* Address field addr (4 or 16 bytes) of the family in field family and
 * port field port (a __u16 in host order) of T, as "ADDR:PORT"; JSON has
 * them apart, under akey and pkey. */
#define COL_INET_PORT(T, addr, port, family, title_, fmt_, akey, pkey, ...)                        \
	{ .title = (title_), .fmt = (fmt_), .kind = REC_CALL, .call = tcptext_addr_port,            \
	  .off = offsetof(T, addr), .size = sizeof(((T *)0)->addr), .family_off = offsetof(T, family), \
	  .family_size = sizeof(((T *)0)->family), .port_off = offsetof(T, port), .key = (akey),      \
	  .port_key = (pkey), __VA_ARGS__ }
void tcptext_addr_port(const struct record_column *c, const void *rec, size_t size);
/* "ADDR:PORT" of an address of family (AF_INET, AF_INET6). */
const char *tcptext_join(int family, const void *addr, unsigned port, char *buf, size_t len);

/* tcpconnect -d's QUERY, as BCC's: the name getaddrinfo() last returned
 * addr (of family) for, in the map of probes/lib/dns.h (fd), with
 * " (N.NNNms)" after it where the connect (at ts_us, ktime) came more than
 * 100 ms after; without one "localhost" for 127.0.0.1 and ::1, else
 * "No DNS Query". */
const char *tcptext_dns_query(int fd, int family, const void *addr, unsigned long long ts_us, char *buf, size_t len);
/* An address field of T of the family in field family, an IPv6 one in
 * brackets as BCC's tcptracer shows it ("[::1]"); JSON has it bare. */
#define COL_INET_BRACKETED(T, addr, family, title_, fmt_, ...)                                     \
	{ .title = (title_), .fmt = (fmt_), .kind = REC_CALL, .call = tcptext_addr_bracketed,       \
	  .off = offsetof(T, addr), .size = sizeof(((T *)0)->addr), .family_off = offsetof(T, family), \
	  .family_size = sizeof(((T *)0)->family), __VA_ARGS__ }
void tcptext_addr_bracketed(const struct record_column *c, const void *rec, size_t size);

/* TCP header flags as BCC's tcpdrop joins them: "SYN|ACK" into buf. */
const char *tcp_flags_text(unsigned flags, char *buf, size_t len);

/* BCC's tcpdrop STATE (FLAGS) column: "ESTABLISHED (ACK|PSH)"; with -j
 * "state" and "flags" apart. */
void tcptext_state_flags(const struct record_column *c, int state, unsigned flags);

#endif
