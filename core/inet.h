/* Internet addresses as the network tools print them: what a BPF program
 * copied out of a socket (4 or 16 bytes, with the socket's family) as text,
 * IPv4-mapped IPv6 addresses shown as IPv4, as BCC's tools show them. */
#ifndef BPFKIT_CORE_INET_H
#define BPFKIT_CORE_INET_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* family AF_INET: the first 4 bytes of addr; AF_INET6: 16.  Anything else
 * is "?".  buf: at least INET_TEXT bytes. */
enum { INET_TEXT = 48 };
const char *inet_text(int family, const void *addr, char *buf, size_t len);
/* "4" or "6", BCC's IP column. */
int inet_version(int family);
/* A port list option (-P 80,443): up to max ports into ports, 0 after the
 * last; 0 or -EINVAL after saying what is wrong. */
int inet_port_list(const char *arg, const char *what, unsigned short *ports, int max);
/* An IPv4 subnet "A.B.C.D/N" (N 0 to 32) as an address and mask in network
 * order: 0, or -EINVAL after saying what is wrong. */
int inet_subnet(const char *s, uint32_t *addr, uint32_t *mask);
/* A comma-separated list of them (cut in place) into up to max names,
 * addresses and masks: how many, or -EINVAL/-E2BIG after saying why. */
int inet_subnet_list(char *list, const char **names, uint32_t *addrs, uint32_t *masks, int max);

#endif
