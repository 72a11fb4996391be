/* Workload: waits for one byte on stdin, then reads one byte from
 * /dev/zero N times (argv[1], default 1000): exactly N read syscalls and
 * vfs_read calls after the gate. */
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 1000;
	char c;
	int fd = open("/dev/zero", O_RDONLY);
	if (fd < 0 || read(0, &c, 1) < 0)
		return 1;
	for (long i = 0; i < n; i++)
		if (read(fd, &c, 1) != 1)
			return 1;
	return 0;
}
