/* Connections left waiting for tcpsynbl's and tcptracer's tests: makes N
 * connections to ADDR PORT one after another (each established before the
 * next begins), says "sport S" for each and "open N", waits for a line on
 * stdin and closes them all, saying "closed".  Bounded by alarm(). */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "tcpaddr.h"

int main(int argc, char **argv)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int n = argc == 4 ? atoi(argv[3]) : 0, s[64];
	if (n < 1 || n > 64 || tcpaddr(argv[1], atoi(argv[2]), &ss, &len)) {
		fprintf(stderr, "usage: tcpopen ADDR PORT N (N up to 64)\n");
		return 2;
	}
	alarm(30);
	for (int i = 0; i < n; i++) {
		s[i] = socket(ss.ss_family, SOCK_STREAM, 0);
		if (s[i] < 0 || connect(s[i], (struct sockaddr *)&ss, len)) {
			perror("tcpopen");
			return 1;
		}
		printf("sport %u\n", tcpaddr_port(s[i]));
	}
	printf("open %d\n", n);
	fflush(stdout);
	char c;
	if (read(0, &c, 1) != 1)
		return 1;
	for (int i = 0; i < n; i++)
		close(s[i]);
	printf("closed\n");
	return 0;
}
