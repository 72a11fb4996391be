/* Workload: exactly N contended waits on one pthread mutex (contender N).
 * Prints the mutex's address ("lock 0x...") and the waiter's thread ID
 * ("waiter TID"), then waits for a byte on stdin.  Each round the main
 * thread holds the mutex, lets the waiter lock it (in wait_for_lock) and
 * releases it only once the waiter sleeps in the kernel on it, read from
 * /proc/self/task/TID/syscall: one FUTEX_WAIT woken by the unlock per round.
 * The threads hand rounds over through pipes, not futexes.  Prints "done",
 * then runs until a "q" on stdin. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int go[2], back[2];
static pid_t waiter_tid;

__attribute__((noinline)) static void wait_for_lock(void)
{
	pthread_mutex_lock(&lock);
	pthread_mutex_unlock(&lock);
}

static void *waiter(void *arg)
{
	char c;
	waiter_tid = syscall(SYS_gettid);
	if (write(back[1], "r", 1) != 1)
		exit(1);
	while (read(go[0], &c, 1) == 1 && c == 'g') {
		wait_for_lock();
		if (write(back[1], "d", 1) != 1)
			exit(1);
	}
	return arg;
}

/* The waiter asleep in futex() on the mutex: "202 0xADDR ..." in its
 * syscall file (a bounded wait: 20 s). */
static int asleep_on_lock(void)
{
	char path[64], buf[256], want[64];
	snprintf(path, sizeof(path), "/proc/self/task/%d/syscall", waiter_tid);
	snprintf(want, sizeof(want), "%d %p ", SYS_futex, (void *)&lock);
	for (int i = 0; i < 200000; i++) {
		FILE *f = fopen(path, "r");
		size_t n = f ? fread(buf, 1, sizeof(buf) - 1, f) : 0;
		if (f)
			fclose(f);
		buf[n] = 0;
		if (!strncmp(buf, want, strlen(want)))
			return 0;
		usleep(100);
	}
	return -1;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 10;
	pthread_t t;
	char c;
	if (pipe(go) || pipe(back) || pthread_create(&t, NULL, waiter, NULL) || read(back[0], &c, 1) != 1)
		return 1;
	printf("lock %p\nwaiter %d\n", (void *)&lock, waiter_tid);
	fflush(stdout);
	if (read(0, &c, 1) < 0)
		return 1;
	for (long i = 0; i < n; i++) {
		pthread_mutex_lock(&lock);
		if (write(go[1], "g", 1) != 1 || asleep_on_lock()) {
			fprintf(stderr, "the waiter did not wait on the lock\n");
			return 1;
		}
		pthread_mutex_unlock(&lock);
		if (read(back[0], &c, 1) != 1)
			return 1;
	}
	printf("done\n");
	fflush(stdout);
	/* Exit when told ("q" or end of input): the tool reads the stacks
	 * while we run.  The rest of the gate's line is skipped. */
	while (read(0, &c, 1) == 1 && c != 'q')
		;
	return 0;
}
