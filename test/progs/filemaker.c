/* Workload: waits for a byte on stdin, creates PATH (argv[1]), keeps it MS
 * milliseconds (argv[2], default 300), then deletes it. */
#include <fcntl.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long ms = argc > 2 ? atol(argv[2]) : 300;
	char c;
	if (argc < 2 || read(0, &c, 1) < 0)
		return 1;
	int fd = open(argv[1], O_CREAT | O_WRONLY | O_TRUNC, 0644);
	if (fd < 0)
		return 1;
	close(fd);
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
	return unlink(argv[1]) ? 1 : 0;
}
