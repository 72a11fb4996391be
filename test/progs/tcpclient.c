/* The client side of the network tools' tests: waits for a byte on stdin,
 * then makes N connections to ADDR PORT, one after another.  Connection i
 * (1..N) sends i * SEND_KB KiB, stays open i * HOLD_MS ms (so the sessions'
 * lengths are in the order they were made), ends its stream, reads the
 * server's answer to its end and closes.  Prints "sport S" for each and
 * "done N".  Bounded by alarm().  Built as tcpclient_dyn (libc shared,
 * TCPCLIENT_RESOLVE), ADDR may be a host name: looked up by libc's
 * getaddrinfo() (IPv4) once the byte came, for tcpconnect -d to see. */
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc != 6) {
		fprintf(stderr, "usage: tcpclient ADDR PORT N SEND_KB HOLD_MS\n");
		return 2;
	}
	int port = atoi(argv[2]), n = atoi(argv[3]), send_kb = atoi(argv[4]), hold_ms = atoi(argv[5]);
	struct sockaddr_storage ss = { 0 };
	struct sockaddr_in *a4 = (void *)&ss;
	struct sockaddr_in6 *a6 = (void *)&ss;
	int v6 = strchr(argv[1], ':') != NULL;
	int named = v6 ? inet_pton(AF_INET6, argv[1], &a6->sin6_addr) != 1 : inet_pton(AF_INET, argv[1], &a4->sin_addr) != 1;
	ss.ss_family = v6 ? AF_INET6 : AF_INET;
	if (v6)
		a6->sin6_port = htons(port);
	else
		a4->sin_port = htons(port);
	socklen_t len = v6 ? sizeof(*a6) : sizeof(*a4);
	char c;
	if (read(0, &c, 1) != 1)
		return 1;
	alarm(30);
#ifdef TCPCLIENT_RESOLVE
	if (named) {
		struct addrinfo hints = { .ai_family = AF_INET, .ai_socktype = SOCK_STREAM }, *res;
		if (getaddrinfo(argv[1], NULL, &hints, &res)) {
			fprintf(stderr, "tcpclient: cannot resolve %s\n", argv[1]);
			return 2;
		}
		a4->sin_addr = ((struct sockaddr_in *)res->ai_addr)->sin_addr;
		freeaddrinfo(res);
	}
#else
	if (named)
		return 2;
#endif
	static char buf[1024];
	memset(buf, 's', sizeof(buf));
	for (int i = 1; i <= n; i++) {
		int s = socket(ss.ss_family, SOCK_STREAM, 0);
		if (s < 0 || connect(s, (struct sockaddr *)&ss, len)) {
			perror("tcpclient");
			return 1;
		}
		struct sockaddr_storage me;
		socklen_t mlen = sizeof(me);
		getsockname(s, (struct sockaddr *)&me, &mlen);
		printf("sport %u\n", ntohs(v6 ? ((struct sockaddr_in6 *)&me)->sin6_port : ((struct sockaddr_in *)&me)->sin_port));
		fflush(stdout);
		for (int k = 0; k < i * send_kb; k++)
			if (write(s, buf, sizeof(buf)) != sizeof(buf))
				return 1;
		struct timespec hold = { i * hold_ms / 1000, (long)(i * hold_ms % 1000) * 1000000 };
		nanosleep(&hold, NULL);
		shutdown(s, SHUT_WR);
		while (read(s, buf, sizeof(buf)) > 0)
			;
		close(s);
	}
	printf("done %d\n", n);
	return 0;
}
