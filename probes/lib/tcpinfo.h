/* A TCP flow as the network tools' records carry it (BPF and C sides):
 * addresses as 4 (AF_INET) or 16 bytes, ports in host order. */
#ifndef BPFKIT_PROBES_LIB_TCPINFO_H
#define BPFKIT_PROBES_LIB_TCPINFO_H

struct tcp_flow {
	__u8 saddr[16];
	__u8 daddr[16];
	__u16 family;
	__u16 sport; /* local */
	__u16 dport; /* remote */
	__u16 pad;
};

#endif
