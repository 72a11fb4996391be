/* Workload: waits for one byte on stdin (so a tracer can attach first), then
 * makes exactly N getpid system calls and exits.  N 0: getpid without end,
 * after saying "looping" once the first call is made. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 4321;
	char c;
	if (read(0, &c, 1) < 0)
		return 1;
	if (!n) {
		syscall(SYS_getpid);
		printf("looping\n");
		fflush(stdout);
		for (;;)
			syscall(SYS_getpid);
	}
	for (long i = 0; i < n; i++)
		syscall(SYS_getpid);
	return 0;
}
