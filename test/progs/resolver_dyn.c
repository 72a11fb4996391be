/* Workload for gethostlatency: waits for a byte on stdin, then calls
 * getaddrinfo() N times (argv[1]) on the names after it in turn, then
 * gethostbyname() and gethostbyname2() once each on the first name, and
 * says "ok N" with the number of getaddrinfo() calls that succeeded. */
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc < 3)
		return 2;
	long n = atol(argv[1]), ok = 0;
	char c;
	if (read(0, &c, 1) != 1)
		return 1;
	for (long i = 0; i < n; i++) {
		struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *res;
		if (!getaddrinfo(argv[2 + i % (argc - 2)], NULL, &hints, &res)) {
			ok++;
			freeaddrinfo(res);
		}
	}
	if (!gethostbyname(argv[2]) || !gethostbyname2(argv[2], AF_INET))
		return 1;
	printf("ok %ld\n", ok);
	return 0;
}
