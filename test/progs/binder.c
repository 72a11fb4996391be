/* bindsnoop's and solisten's workload: waits for a byte on stdin, then
 * binds a TCP socket to ADDR (127.0.0.1 or ::1) port 0 with socket option
 * OPT (none, reuseaddr, reuseport, freebind) set first, prints "port P",
 * binds a second socket to the same address and port, which fails
 * (EADDRINUSE: "err 98"), and listens on the first with BACKLOG ("listen
 * BACKLOG"). */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: binder ADDR OPT BACKLOG\n");
		return 2;
	}
	struct sockaddr_storage ss = { 0 };
	struct sockaddr_in *a4 = (void *)&ss;
	struct sockaddr_in6 *a6 = (void *)&ss;
	int v6 = strchr(argv[1], ':') != NULL, one = 1;
	if (v6 ? inet_pton(AF_INET6, argv[1], &a6->sin6_addr) != 1 : inet_pton(AF_INET, argv[1], &a4->sin_addr) != 1)
		return 2;
	ss.ss_family = v6 ? AF_INET6 : AF_INET;
	socklen_t len = v6 ? sizeof(*a6) : sizeof(*a4);
	char c;
	if (read(0, &c, 1) != 1)
		return 1;
	int s = socket(ss.ss_family, SOCK_STREAM, 0), t = socket(ss.ss_family, SOCK_STREAM, 0);
	if (s < 0 || t < 0)
		return 1;
	if (!strcmp(argv[2], "reuseaddr"))
		setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	else if (!strcmp(argv[2], "reuseport"))
		setsockopt(s, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one));
	else if (!strcmp(argv[2], "freebind"))
		setsockopt(s, v6 ? IPPROTO_IPV6 : IPPROTO_IP, v6 ? IPV6_FREEBIND : IP_FREEBIND, &one, sizeof(one));
	if (bind(s, (struct sockaddr *)&ss, len) || getsockname(s, (struct sockaddr *)&ss, &len)) {
		perror("binder");
		return 1;
	}
	printf("port %u\n", ntohs(v6 ? a6->sin6_port : a4->sin_port));
	printf("err %d\n", bind(t, (struct sockaddr *)&ss, len) ? errno : 0);
	if (listen(s, atoi(argv[3]))) {
		perror("binder");
		return 1;
	}
	printf("listen %d\n", atoi(argv[3]));
	return 0;
}
