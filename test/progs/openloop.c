/* Workload: waits for one byte on stdin, then opens and closes PATH N
 * times (argv[1], argv[2]) as fast as it can. */
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 1000;
	const char *path = argc > 2 ? argv[2] : "/dev/null";
	char c;
	if (read(0, &c, 1) < 0)
		return 1;
	for (long i = 0; i < n; i++) {
		int fd = open(path, O_RDONLY);
		if (fd >= 0)
			close(fd);
	}
	return 0;
}
