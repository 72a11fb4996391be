/* The server side of the network tools' tests: listens on ADDR (127.0.0.1
 * or ::1) at a port the kernel picks, with BACKLOG, prints "port P" once
 * listening, then for each of N connections reads until the client's end
 * of stream, answers REPLY_KB KiB and closes.  Ends with "served N".
 * With "gate", it reads a byte on stdin before its first accept(): a tracer
 * of accept()'s return (kretprobe, fexit) sees only calls made after it
 * attached, and the test opens the gate once tracing.
 * Bounded by alarm(): a lost client cannot hang a test. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc != 5 && !(argc == 6 && !strcmp(argv[5], "gate"))) {
		fprintf(stderr, "usage: tcpserver ADDR BACKLOG N REPLY_KB [gate]\n");
		return 2;
	}
	int backlog = atoi(argv[2]), n = atoi(argv[3]), reply_kb = atoi(argv[4]);
	struct sockaddr_storage ss = { 0 };
	struct sockaddr_in *a4 = (void *)&ss;
	struct sockaddr_in6 *a6 = (void *)&ss;
	int v6 = strchr(argv[1], ':') != NULL;
	if (v6 ? inet_pton(AF_INET6, argv[1], &a6->sin6_addr) != 1 : inet_pton(AF_INET, argv[1], &a4->sin_addr) != 1)
		return 2;
	ss.ss_family = v6 ? AF_INET6 : AF_INET;
	socklen_t len = v6 ? sizeof(*a6) : sizeof(*a4);
	alarm(30);
	int l = socket(ss.ss_family, SOCK_STREAM, 0);
	if (l < 0 || bind(l, (struct sockaddr *)&ss, len) || listen(l, backlog) ||
	    getsockname(l, (struct sockaddr *)&ss, &len)) {
		perror("tcpserver");
		return 1;
	}
	printf("port %u\n", ntohs(v6 ? a6->sin6_port : a4->sin_port));
	fflush(stdout);
	char g;
	if (argc == 6 && read(0, &g, 1) != 1)
		return 1;
	static char buf[1024];
	for (int i = 0; i < n; i++) {
		int c = accept(l, NULL, NULL);
		if (c < 0)
			return 1;
		ssize_t r;
		long got = 0;
		while ((r = read(c, buf, sizeof(buf))) > 0)
			got += r;
		memset(buf, 'r', sizeof(buf));
		for (int k = 0; k < reply_kb; k++)
			if (write(c, buf, sizeof(buf)) != sizeof(buf))
				return 1;
		close(c);
		printf("got %ld\n", got);
		fflush(stdout);
	}
	printf("served %d\n", n);
	return 0;
}
