/* A syslog(3) listener for tcpstates -Y: binds a Unix datagram socket at
 * PATH (a test mounts it over /dev/log in a mount namespace of its own),
 * says "ready", then prints each message it gets on a line of its own.
 * Bounded by alarm(): ends after 30 s. */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	if (argc != 2 || strlen(argv[1]) >= sizeof(a.sun_path)) {
		fprintf(stderr, "usage: logsink PATH\n");
		return 2;
	}
	strcpy(a.sun_path, argv[1]);
	int s = socket(AF_UNIX, SOCK_DGRAM, 0);
	if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof(a))) {
		perror("logsink");
		return 1;
	}
	alarm(30);
	printf("ready\n");
	fflush(stdout);
	static char buf[4096];
	for (;;) {
		ssize_t n = recv(s, buf, sizeof(buf) - 1, 0);
		if (n < 0)
			return 1;
		buf[n] = 0;
		printf("%s\n", buf);
		fflush(stdout);
	}
}
