/* Workload for capable: waits for a byte on stdin, then N times (argv[1],
 * default 1) lowers its nice value by one and raises it back.  With
 * RLIMIT_NICE at 0 each lowering is exactly one CAP_SYS_NICE check (and
 * raising none); it is denied without that capability, checked all the
 * same.  Exits 1 if it cannot lower its nice value at all (already -20). */
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 1;
	struct rlimit none = { 0, 0 };
	char c;
	if (read(0, &c, 1) < 0)
		return 1;
	/* A higher limit would let the kernel allow the lowering unchecked. */
	if (setrlimit(RLIMIT_NICE, &none))
		return 1;
	int nice = getpriority(PRIO_PROCESS, 0);
	if (nice <= -20)
		return 1;
	for (long i = 0; i < n; i++) {
		setpriority(PRIO_PROCESS, 0, nice - 1);
		setpriority(PRIO_PROCESS, 0, nice);
	}
	return 0;
}
