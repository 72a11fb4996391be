/* Workload: waits for one byte on stdin, then opens each path given (read
 * only) and prints "path fd errno" for each, so a test knows what a tracer
 * should have seen. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	char c;
	if (read(0, &c, 1) < 0)
		return 1;
	for (int i = 1; i < argc; i++) {
		int fd = open(argv[i], O_RDONLY);
		printf("%s %d %d\n", argv[i], fd, fd < 0 ? errno : 0);
	}
	return 0;
}
