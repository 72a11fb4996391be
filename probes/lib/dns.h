/* Names getaddrinfo() returned addresses for, by address (tcpconnect -d):
 * the BPF side files them, core/tcptext.c's tcptext_dns_query reads them. */
#ifndef BPFKIT_PROBES_DNS_H
#define BPFKIT_PROBES_DNS_H

#define DNS_NAME_LEN 256
struct dns_addr {
	__u8 addr[16]; /* AF_INET: the first 4 bytes */
	__u16 family, pad[3];
};
struct dns_name {
	__u64 ts_ns; /* when getaddrinfo() returned it */
	char name[DNS_NAME_LEN];
};

#endif
