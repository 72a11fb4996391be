/* Workload: waits for one byte on stdin, then opens each path given (read
 * only) and prints "path fd errno" for each, so a test knows what a tracer
 * should have seen.  "-d DIR" first: the paths are opened with openat(2)
 * relative to DIR's descriptor. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int dirfd = AT_FDCWD, first = 1;
	char c;
	if (argc > 2 && !strcmp(argv[1], "-d")) {
		dirfd = open(argv[2], O_RDONLY | O_DIRECTORY);
		if (dirfd < 0)
			return 1;
		first = 3;
	}
	if (read(0, &c, 1) < 0)
		return 1;
	for (int i = first; i < argc; i++) {
		int fd = openat(dirfd, argv[i], O_RDONLY);
		printf("%s %d %d\n", argv[i], fd, fd < 0 ? errno : 0);
	}
	return 0;
}
