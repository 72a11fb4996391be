/* Workload: exactly N O_DIRECT writes of S bytes to FILE (directio FILE N S
 * [seq|rev|skip]), in order (seq, the default), last block first (rev:
 * every write but the first lands right before the one before it, so none
 * continues where the previous ended), or in pairs with a block skipped
 * after each (skip: blocks 0 1 3 4 6 7 ..., so of the N - 1 writes after
 * the first every other one continues the previous).  Before the gate the
 * file is written by one write of all its blocks (one allocation: on a
 * fresh file system one extent, so block i + 1 follows block i on the
 * disk) and synced, so the gated writes overwrite allocated, written
 * blocks: on ext4 (mounted lazytime) they are the only I/O, one request
 * each.  Prints "ready" once waiting on stdin, "done" after. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc < 4) {
		fprintf(stderr, "usage: directio FILE N S [seq|rev]\n");
		return 2;
	}
	long n = atol(argv[2]), s = atol(argv[3]);
	const char *mode = argc > 4 ? argv[4] : "seq";
	int rev = !strcmp(mode, "rev"), skip = !strcmp(mode, "skip");
	long blocks = skip ? n + n / 2 : n;
	void *buf;
	char c;
	if (n <= 0 || s <= 0 || s % 4096 || posix_memalign(&buf, 4096, blocks * s))
		return 2;
	memset(buf, 0x5a, blocks * s);
	int fd = open(argv[1], O_RDWR | O_CREAT | O_DIRECT, 0600);
	if (fd < 0) {
		perror(argv[1]);
		return 1;
	}
	if (pwrite(fd, buf, blocks * s, 0) != blocks * s || fsync(fd))
		return 1;
	sync();
	printf("ready\n");
	fflush(stdout);
	if (read(0, &c, 1) < 0)
		return 1;
	for (long i = 0; i < n; i++) {
		long block = rev ? n - 1 - i : skip ? i + i / 2 : i;
		if (pwrite(fd, buf, s, block * s) != s) {
			perror("pwrite");
			return 1;
		}
	}
	printf("done\n");
	return 0;
}
