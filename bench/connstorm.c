/* A connect storm on loopback for bench/connect_storm.sh: listens on
 * 127.0.0.1 (a port the kernel picks, printed as "port P"), waits for a
 * byte on stdin, then makes N connections to itself one after another,
 * each accepted and both ends closed with a reset (SO_LINGER 0: no
 * TIME_WAIT, so the ephemeral ports last).  Prints "connects N seconds S".
 * Bounded: N connections, and alarm() at 120 s. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static void reset_close(int s)
{
	struct linger l = { 1, 0 };
	setsockopt(s, SOL_SOCKET, SO_LINGER, &l, sizeof(l));
	close(s);
}

int main(int argc, char **argv)
{
	long n = argc == 2 ? atol(argv[1]) : 0;
	if (n <= 0) {
		fprintf(stderr, "usage: connstorm N\n");
		return 2;
	}
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(a);
	int l = socket(AF_INET, SOCK_STREAM, 0);
	if (l < 0 || bind(l, (struct sockaddr *)&a, sizeof(a)) || listen(l, 128) ||
	    getsockname(l, (struct sockaddr *)&a, &len)) {
		perror("connstorm");
		return 1;
	}
	printf("port %u\n", ntohs(a.sin_port));
	fflush(stdout);
	char c;
	if (read(0, &c, 1) != 1)
		return 1;
	alarm(120);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (long i = 0; i < n; i++) {
		int s = socket(AF_INET, SOCK_STREAM, 0);
		if (s < 0 || connect(s, (struct sockaddr *)&a, sizeof(a))) {
			perror("connstorm: connect");
			return 1;
		}
		int p = accept(l, NULL, NULL);
		if (p < 0) {
			perror("connstorm: accept");
			return 1;
		}
		reset_close(s);
		reset_close(p);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("connects %ld seconds %.3f\n", n, (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
	return 0;
}
