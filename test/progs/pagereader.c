/* Workload for the reclaim tools: waits for a byte on stdin, writes
 * argv[2] megabytes (default 48) to the file argv[1] a megabyte at a time,
 * each written back and dropped from the page cache at once (so writing
 * it dirties little), then reads the file back through the page cache and
 * prints "read N": in a memory cgroup smaller than the file, its own
 * reads reclaim the cache they filled. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char buf[1 << 20];

int main(int argc, char **argv)
{
	long mb = argc > 2 ? atol(argv[2]) : 48, got = 0;
	memset(buf, 'r', sizeof(buf));
	/* The gate: a byte on stdin. */
	int fd = argc < 2 || read(0, buf, 1) < 0 ? -1 : open(argv[1], O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		return 1;
	for (long i = 0; i < mb; i++)
		if (write(fd, buf, sizeof(buf)) != sizeof(buf) || fdatasync(fd) ||
		    posix_fadvise(fd, i << 20, 1 << 20, POSIX_FADV_DONTNEED))
			return 1;
	if (lseek(fd, 0, SEEK_SET) != 0)
		return 1;
	for (ssize_t n; (n = read(fd, buf, sizeof(buf))) > 0;)
		got += n;
	printf("read %ld\n", got >> 20);
	return got == mb << 20 ? 0 : 1;
}
