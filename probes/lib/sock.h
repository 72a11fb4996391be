/* A socket's addresses as the network tools' records carry them: shared by
 * the BPF side (sock.bpf.h) and core's columns (COL_INET on family). */
#ifndef BPFKIT_PROBES_SOCK_H
#define BPFKIT_PROBES_SOCK_H

/* Ports a -L/-D/-P list may name (core/netfilter.h). */
#define SOCK_MAX_PORTS 8

struct sock_tuple {
	__u8 saddr[16], daddr[16]; /* AF_INET: the first 4 bytes */
	__u16 family, lport, dport, pad;
};

#endif
