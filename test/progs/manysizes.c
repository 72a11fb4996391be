/* Workload: waits for one byte on stdin, then calls read(-1, NULL, i) for
 * i = 0 .. N-1 (argv[1], default 1000): N read syscalls, each with its own
 * count, all failing with EBADF. */
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 1000;
	char c;
	if (read(0, &c, 1) < 0)
		return 1;
	for (long i = 0; i < n; i++)
		syscall(SYS_read, -1, NULL, (size_t)i);
	return 0;
}
