/* Datagrams of known sizes and their echoes, for netqtop's test:
 *   udpecho serve PORT N          echo N datagrams back ("listening" first)
 *   udpecho send ADDR PORT SIZE... after a byte on stdin, one datagram of
 *                                 each SIZE, each echo awaited (5 s at most) */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

static char buf[65536];

int main(int argc, char **argv)
{
	int s = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in a = { .sin_family = AF_INET };
	struct timeval tv = { .tv_sec = 5 };
	if (s < 0 || argc < 4 || setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)))
		return 2;
	if (!strcmp(argv[1], "serve")) {
		a.sin_port = htons(atoi(argv[2]));
		if (bind(s, (struct sockaddr *)&a, sizeof(a)))
			return perror("bind"), 1;
		printf("listening\n");
		fflush(stdout);
		long n = atol(argv[3]), i;
		for (i = 0; i < n; i++) {
			struct sockaddr_in from;
			socklen_t len = sizeof(from);
			tv.tv_sec = 60;
			setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
			ssize_t got = recvfrom(s, buf, sizeof(buf), 0, (struct sockaddr *)&from, &len);
			if (got < 0 || sendto(s, buf, got, 0, (struct sockaddr *)&from, len) != got)
				break;
		}
		printf("echoed %ld\n", i);
		return i == n ? 0 : 1;
	}
	char c;
	a.sin_port = htons(atoi(argv[3]));
	if (inet_pton(AF_INET, argv[2], &a.sin_addr) != 1 || read(0, &c, 1) != 1)
		return 2;
	int i;
	for (i = 4; i < argc; i++) {
		size_t size = strtoul(argv[i], NULL, 10);
		if (size > sizeof(buf) || sendto(s, buf, size, 0, (struct sockaddr *)&a, sizeof(a)) != (ssize_t)size ||
		    recv(s, buf, sizeof(buf), 0) != (ssize_t)size)
			break;
	}
	printf("sent %d\n", i - 4);
	return i == argc ? 0 : 1;
}
