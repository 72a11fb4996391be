/* bench/sysloop: N cheap syscalls, and the nanoseconds each took on
 * average (printed), as the workload of the per-event cost benches.
 *   sysloop N getpid     getpid() N times
 *   sysloop N read       read(-1, NULL, i & 7): EBADF, a count of 0..7 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc < 3)
		return 2;
	long n = atol(argv[1]);
	int reads = !strcmp(argv[2], "read");
	struct timespec a, b;
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (long i = 0; i < n; i++) {
		if (reads)
			syscall(SYS_read, -1, NULL, (long)(i & 7));
		else
			syscall(SYS_getpid);
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("%.2f\n", ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / n);
	return 0;
}
