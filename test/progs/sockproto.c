/* The protocol the kernel gave sockets asked for as plain TCP, for
 * mptcpify's test: socket(AF_INET, SOCK_STREAM, 0), the same for AF_INET6,
 * AF_INET with IPPROTO_TCP, and a UDP one, each as getsockopt(SO_PROTOCOL)
 * reports it (or -errno): "inet 6 inet6 6 tcp 6 udp 17". */
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

static int proto(int family, int type, int protocol)
{
	int s = socket(family, type, protocol), p = 0;
	socklen_t len = sizeof(p);
	if (s < 0)
		return -errno;
	if (getsockopt(s, SOL_SOCKET, SO_PROTOCOL, &p, &len))
		p = -errno;
	close(s);
	return p;
}

int main(void)
{
	printf("inet %d inet6 %d tcp %d udp %d\n", proto(AF_INET, SOCK_STREAM, 0), proto(AF_INET6, SOCK_STREAM, 0),
	       proto(AF_INET, SOCK_STREAM, IPPROTO_TCP), proto(AF_INET, SOCK_DGRAM, 0));
	return 0;
}
