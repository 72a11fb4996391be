/* TCP client for the network tools' tests: connects to ADDR PORT (v4 or
 * v6, numeric), says "connected LPORT", waits for a line on stdin, sends
 * BYTES in writes of 8 KiB, ends its side and reads the server's reply
 * (tcpsink's "got N\n"), then says "sent BYTES reply got N" and closes. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc < 4)
		return 2;
	struct sockaddr_storage ss = { 0 };
	struct sockaddr_in *a4 = (void *)&ss;
	struct sockaddr_in6 *a6 = (void *)&ss;
	socklen_t len;
	if (inet_pton(AF_INET, argv[1], &a4->sin_addr) == 1) {
		a4->sin_family = AF_INET, a4->sin_port = htons(atoi(argv[2])), len = sizeof(*a4);
	} else if (inet_pton(AF_INET6, argv[1], &a6->sin6_addr) == 1) {
		a6->sin6_family = AF_INET6, a6->sin6_port = htons(atoi(argv[2])), len = sizeof(*a6);
	} else {
		fprintf(stderr, "tcpxfer: bad address %s\n", argv[1]);
		return 2;
	}
	long total = atol(argv[3]);
	int s = socket(ss.ss_family, SOCK_STREAM, 0);
	if (s < 0 || connect(s, (struct sockaddr *)&ss, len)) {
		perror("tcpxfer: connect");
		return 1;
	}
	struct sockaddr_storage me;
	socklen_t mlen = sizeof(me);
	getsockname(s, (struct sockaddr *)&me, &mlen);
	printf("connected %u\n", ntohs(ss.ss_family == AF_INET ? ((struct sockaddr_in *)&me)->sin_port
							       : ((struct sockaddr_in6 *)&me)->sin6_port));
	fflush(stdout);
	char c, buf[8192];
	if (read(0, &c, 1) != 1)
		return 1;
	memset(buf, 'x', sizeof(buf));
	for (long sent = 0; sent < total;) {
		long n = total - sent < (long)sizeof(buf) ? total - sent : (long)sizeof(buf);
		long w = write(s, buf, n);
		if (w <= 0) {
			perror("tcpxfer: write");
			return 1;
		}
		sent += w;
	}
	shutdown(s, SHUT_WR);
	long n, got = 0;
	while (!memchr(buf, '\n', got) && (n = read(s, buf + got, sizeof(buf) - 1 - got)) > 0)
		got += n;
	buf[got] = 0;
	printf("sent %ld reply %s", total, buf);
	fflush(stdout);
	return 0;
}
