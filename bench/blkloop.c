/* bench/blkloop: N O_DIRECT writes of 4096 bytes to a block device (a loop
 * device on a file in memory), cycling over its first MiB, and the
 * nanoseconds each took on average (printed): the workload of the per-I/O
 * cost bench.
 *   blkloop DEVICE N */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc < 3)
		return 2;
	long n = atol(argv[2]);
	int fd = open(argv[1], O_WRONLY | O_DIRECT);
	void *buf;
	if (fd < 0 || posix_memalign(&buf, 4096, 4096)) {
		perror(argv[1]);
		return 1;
	}
	memset(buf, 0x5a, 4096);
	struct timespec a, b;
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (long i = 0; i < n; i++)
		if (pwrite(fd, buf, 4096, (i % 256) * 4096) != 4096) {
			perror("pwrite");
			return 1;
		}
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("%.2f\n", ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / n);
	return 0;
}
