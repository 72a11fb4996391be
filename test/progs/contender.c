/* Workload: exactly N contended waits on one pthread mutex and N/2 on a
 * second one, each by a thread of its own (contender N).  Prints each
 * mutex's address and its waiter's thread ID ("lock 0x...", "waiter TID",
 * then "lock2 0x...", "waiter2 TID"), then waits for a byte on stdin.  Each
 * round the main thread holds a mutex, lets its waiter lock it (in
 * wait_for_lock) and releases it only once the waiter sleeps in the kernel
 * on it, read from /proc/self/task/TID/syscall: one FUTEX_WAIT woken by the
 * unlock per round.  The first mutex's rounds come first, then the
 * second's.  The threads hand rounds over through pipes, not futexes.
 * Prints "done", then runs until a "q" on stdin. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

struct contended {
	pthread_mutex_t lock;
	int go[2], back[2];
	pid_t tid;
};

static struct contended locks[2] = { { .lock = PTHREAD_MUTEX_INITIALIZER }, { .lock = PTHREAD_MUTEX_INITIALIZER } };

__attribute__((noinline)) static void wait_for_lock(pthread_mutex_t *m)
{
	pthread_mutex_lock(m);
	pthread_mutex_unlock(m);
}

static void *waiter(void *arg)
{
	struct contended *l = arg;
	char c;
	l->tid = syscall(SYS_gettid);
	if (write(l->back[1], "r", 1) != 1)
		exit(1);
	while (read(l->go[0], &c, 1) == 1 && c == 'g') {
		wait_for_lock(&l->lock);
		if (write(l->back[1], "d", 1) != 1)
			exit(1);
	}
	return arg;
}

/* The waiter asleep in futex() on its mutex: "202 0xADDR ..." in its
 * syscall file (a bounded wait: 20 s). */
static int asleep_on_lock(const struct contended *l)
{
	char path[64], buf[256], want[64];
	snprintf(path, sizeof(path), "/proc/self/task/%d/syscall", l->tid);
	snprintf(want, sizeof(want), "%d %p ", SYS_futex, (void *)&l->lock);
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

static int rounds(struct contended *l, long n)
{
	char c;
	for (long i = 0; i < n; i++) {
		pthread_mutex_lock(&l->lock);
		if (write(l->go[1], "g", 1) != 1 || asleep_on_lock(l)) {
			fprintf(stderr, "the waiter did not wait on the lock\n");
			return -1;
		}
		pthread_mutex_unlock(&l->lock);
		if (read(l->back[0], &c, 1) != 1)
			return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 10;
	pthread_t t[2];
	char c;
	for (int i = 0; i < 2; i++)
		if (pipe(locks[i].go) || pipe(locks[i].back) || pthread_create(&t[i], NULL, waiter, &locks[i]) ||
		    read(locks[i].back[0], &c, 1) != 1)
			return 1;
	printf("lock %p\nwaiter %d\nlock2 %p\nwaiter2 %d\n", (void *)&locks[0].lock, locks[0].tid,
	       (void *)&locks[1].lock, locks[1].tid);
	fflush(stdout);
	if (read(0, &c, 1) < 0)
		return 1;
	if (rounds(&locks[0], n) || rounds(&locks[1], n / 2))
		return 1;
	printf("done\n");
	fflush(stdout);
	/* Exit when told ("q" or end of input): the tool reads the stacks
	 * while we run.  The rest of the gate's line is skipped. */
	while (read(0, &c, 1) == 1 && c != 'q')
		;
	return 0;
}
