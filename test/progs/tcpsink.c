/* TCP server for the network tools' tests: listens on PORT (argv[1]) of
 * every address, v4 and v6, says "listening" once it does, then takes
 * connections one at a time, reads each to its end, answers with what it
 * read as "got N" on stdout and in a 1-line reply, and closes once the
 * client has closed too (so the client reads the reply on a socket that
 * still has its port: one in TIME_WAIT has given it up). */
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc < 2)
		return 2;
	int s = socket(AF_INET6, SOCK_STREAM, 0), off = 0, on = 1;
	struct sockaddr_in6 a = { .sin6_family = AF_INET6, .sin6_port = htons(atoi(argv[1])) };
	if (s < 0 || setsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof(off)) ||
	    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) || bind(s, (struct sockaddr *)&a, sizeof(a)) ||
	    listen(s, 16)) {
		perror("tcpsink");
		return 1;
	}
	printf("listening\n");
	fflush(stdout);
	for (;;) {
		int c = accept(s, NULL, NULL);
		if (c < 0)
			continue;
		char buf[65536];
		long got = 0, n;
		while ((n = read(c, buf, sizeof(buf))) > 0)
			got += n;
		int len = snprintf(buf, sizeof(buf), "got %ld\n", got);
		if (write(c, buf, len) < 0)
			perror("tcpsink: reply");
		fputs(buf, stdout);
		fflush(stdout);
		struct pollfd p = { .fd = c };
		poll(&p, 1, 10000);
		close(c);
	}
}
