/* Workload for --state: waits for a byte on stdin, then N times (argv[1],
 * default 3) sleeps MS milliseconds (argv[2], default 100) interruptibly in
 * sleep_interruptible (nanosleep: TASK_INTERRUPTIBLE), and N times blocks
 * as long uninterruptibly in wait_uninterruptible (vfork: the parent waits
 * in TASK_KILLABLE, which has the TASK_UNINTERRUPTIBLE bit, while the child
 * sleeps and exits).  Each syscall is issued from its function itself, so a
 * frame-pointer unwind finds the function whatever libc's wrappers do. */
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

__attribute__((noinline)) void sleep_interruptible(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	long ret;
	__asm__ volatile("syscall" : "=a"(ret) : "a"((long)SYS_nanosleep), "D"(&ts), "S"(0L) : "rcx", "r11", "memory");
}

__attribute__((noinline)) void wait_uninterruptible(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	long pid;
	/* The child borrows this stack until it exits: it makes syscalls only,
	 * no calls that would write below the parent's stack pointer. */
	__asm__ volatile("syscall" : "=a"(pid) : "a"((long)SYS_vfork) : "rcx", "r11", "memory");
	if (pid == 0) {
		long ret;
		__asm__ volatile("syscall" : "=a"(ret) : "a"((long)SYS_nanosleep), "D"(&ts), "S"(0L) : "rcx", "r11", "memory");
		__asm__ volatile("syscall" : : "a"((long)SYS_exit), "D"(0L) : "rcx", "r11", "memory");
		__builtin_unreachable();
	}
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 3, ms = argc > 2 ? atol(argv[2]) : 100;
	char c;
	if (read(0, &c, 1) < 0)
		return 1;
	for (long i = 0; i < n; i++)
		sleep_interruptible(ms);
	for (long i = 0; i < n; i++)
		wait_uninterruptible(ms);
	/* Reaped at the end: a wait in the loop would be one more sleep. */
	while (wait(NULL) > 0)
		;
	return 0;
}
