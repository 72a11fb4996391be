/* Workload for bpfkit run's example (docs/examples/run/writes.bpf.c):
 * waits for a line on stdin, then from write_sizes() writes to /dev/null
 * once for each size given as an argument (in bytes), prints "done FD"
 * (one more write, to stdout) with the descriptor it wrote to, and waits
 * for another line before it exits, so that its stacks can still be
 * symbolized. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char buf[1 << 16];

static int write_sizes(int fd, int n, char **sizes)
{
	for (int i = 0; i < n; i++) {
		size_t len = strtoul(sizes[i], NULL, 0);
		if (len > sizeof(buf) || write(fd, buf, len) != (ssize_t)len)
			return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	char line[16];
	int fd = open("/dev/null", O_WRONLY);
	if (fd < 0 || read(0, line, sizeof(line)) <= 0)
		return 1;
	if (write_sizes(fd, argc - 1, argv + 1))
		return 1;
	char done[32];
	int n = snprintf(done, sizeof(done), "done %d\n", fd);
	if (write(1, done, n) != n)
		return 1;
	return read(0, line, sizeof(line)) < 0;
}
