/* The socket address of the network test programs' ADDR PORT arguments:
 * numeric IPv4 or IPv6 (a ':' in it). */
#ifndef BPFKIT_TEST_PROGS_TCPADDR_H
#define BPFKIT_TEST_PROGS_TCPADDR_H
#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

/* 0, or -1 for an address that is not one. */
static inline int tcpaddr(const char *addr, unsigned port, struct sockaddr_storage *ss, socklen_t *len)
{
	struct sockaddr_in *a4 = (void *)ss;
	struct sockaddr_in6 *a6 = (void *)ss;
	memset(ss, 0, sizeof(*ss));
	if (strchr(addr, ':')) {
		a6->sin6_family = AF_INET6, a6->sin6_port = htons(port), *len = sizeof(*a6);
		return inet_pton(AF_INET6, addr, &a6->sin6_addr) == 1 ? 0 : -1;
	}
	a4->sin_family = AF_INET, a4->sin_port = htons(port), *len = sizeof(*a4);
	return inet_pton(AF_INET, addr, &a4->sin_addr) == 1 ? 0 : -1;
}

/* The port of a socket's own address. */
static inline unsigned tcpaddr_port(int s)
{
	struct sockaddr_storage me;
	socklen_t len = sizeof(me);
	if (getsockname(s, (struct sockaddr *)&me, &len))
		return 0;
	return ntohs(me.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&me)->sin6_port
					      : ((struct sockaddr_in *)&me)->sin_port);
}

#endif
