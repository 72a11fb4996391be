/* Workload that makes the kernel run NET_RX softirqs: waits for a byte on
 * stdin, then sends N UDP datagrams (argv[1], default 1000) to itself over
 * loopback and reads them back. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 1000;
	char c, buf[64] = "x";
	if (read(0, &c, 1) < 0)
		return 1;
	int rx = socket(AF_INET, SOCK_DGRAM, 0), tx = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(a);
	if (rx < 0 || tx < 0 || bind(rx, (struct sockaddr *)&a, sizeof(a)) ||
	    getsockname(rx, (struct sockaddr *)&a, &len))
		return 1;
	for (long i = 0; i < n; i++) {
		if (sendto(tx, buf, sizeof(buf), 0, (struct sockaddr *)&a, sizeof(a)) != sizeof(buf) ||
		    recv(rx, buf, sizeof(buf), 0) != sizeof(buf))
			return 1;
	}
	return 0;
}
