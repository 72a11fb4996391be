/* Numbers the network tools show by name (a column's .name_of). */
#ifndef BPFKIT_CORE_NETNAMES_H
#define BPFKIT_CORE_NETNAMES_H

/* BCC's names of TCP states (ESTABLISHED, SYN_SENT, ... NEW_SYN_RECV);
 * NULL for a number without one (the column shows "?"). */
const char *tcp_state_name(int state);
/* BCC's IP column of an address family: "4" or "6" (NULL: neither). */
const char *inet_ip_name(int family);

/* An IP protocol's name as BCC's bindsnoop shows it (TCP, UDP, SCTP, ...),
 * "UNKNOWN" for others. */
const char *inet_proto_name(int protocol);

/* bindsnoop's OPTS as BCC shows them: F T N R r (freebind, transparent,
 * bind_address_no_port, SO_REUSEADDR, SO_REUSEPORT: bits 0 to 4) where
 * set, '.' where not. */
const char *bind_opts_name(int opts);
/* A negative errno as words (strerror), "Success" for 0. */
const char *errno_text(int ret);

#endif
