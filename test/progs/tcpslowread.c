/* A slow reader for tcppktlat's tests: listens on ADDR (127.0.0.1 or ::1)
 * at a port the kernel picks and says "port P", accepts one connection,
 * waits until data is there, then DELAY_MS more before it reads it all to
 * the end of stream (so each segment waited at least DELAY_MS in the
 * socket), says "read N" and closes.  Bounded by alarm(). */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "tcpaddr.h"

int main(int argc, char **argv)
{
	struct sockaddr_storage ss;
	socklen_t len;
	if (argc != 3 || tcpaddr(argv[1], 0, &ss, &len)) {
		fprintf(stderr, "usage: tcpslowread ADDR DELAY_MS\n");
		return 2;
	}
	int delay_ms = atoi(argv[2]);
	alarm(30);
	int l = socket(ss.ss_family, SOCK_STREAM, 0);
	if (l < 0 || bind(l, (struct sockaddr *)&ss, len) || listen(l, 1)) {
		perror("tcpslowread");
		return 1;
	}
	printf("port %u\n", tcpaddr_port(l));
	fflush(stdout);
	int c = accept(l, NULL, NULL);
	struct pollfd p = { .fd = c, .events = POLLIN };
	if (c < 0 || poll(&p, 1, -1) != 1)
		return 1;
	struct timespec d = { delay_ms / 1000, (long)(delay_ms % 1000) * 1000000 };
	nanosleep(&d, NULL);
	static char buf[1 << 20];
	long got = 0, n;
	while ((n = read(c, buf, sizeof(buf))) > 0)
		got += n;
	printf("read %ld\n", got);
	close(c);
	return 0;
}
