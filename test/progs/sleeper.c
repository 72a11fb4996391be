/* Workload that blocks in a known function: waits for a byte on stdin, then
 * block_here() sleeps N times (argv[1], default 5) for MS milliseconds each
 * (argv[2], default 100).  The syscall is issued from block_here itself, so
 * a frame-pointer unwind finds block_here whatever libc's wrappers do. */
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

__attribute__((noinline)) void block_here(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	long ret;
	__asm__ volatile("syscall" : "=a"(ret) : "a"((long)SYS_nanosleep), "D"(&ts), "S"(0L) : "rcx", "r11", "memory");
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 5, ms = argc > 2 ? atol(argv[2]) : 100;
	char c;
	if (read(0, &c, 1) < 0)
		return 1;
	for (long i = 0; i < n; i++)
		block_here(ms);
	return 0;
}
