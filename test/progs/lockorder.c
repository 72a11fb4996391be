/* Workload for deadlock: two global mutexes, mutex_a and mutex_b, locked
 * by two threads one after the other (the second starts once the first
 * ended: no deadlock can happen).  "inverted": the first thread locks A
 * then B (in lock_a_then_b), the second B then A (lock_b_then_a), a lock
 * order inversion; "ordered": both lock A then B.  Prints "a ADDR" and
 * "b ADDR", waits for a byte on stdin, runs the threads, prints their
 * thread IDs ("first TID", "second TID") and "done", then stays until a
 * 'q' on stdin.  The threads lock through my_lock and my_unlock, for
 * deadlock --lock-symbols and --unlock-symbols. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

pthread_mutex_t mutex_a = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t mutex_b = PTHREAD_MUTEX_INITIALIZER;
static long tids[2];

__attribute__((noinline)) void my_lock(pthread_mutex_t *m)
{
	pthread_mutex_lock(m);
}

__attribute__((noinline)) void my_unlock(pthread_mutex_t *m)
{
	pthread_mutex_unlock(m);
}

__attribute__((noinline)) void lock_a_then_b(void)
{
	my_lock(&mutex_a);
	my_lock(&mutex_b);
	my_unlock(&mutex_b);
	my_unlock(&mutex_a);
}

__attribute__((noinline)) void lock_b_then_a(void)
{
	my_lock(&mutex_b);
	my_lock(&mutex_a);
	my_unlock(&mutex_a);
	my_unlock(&mutex_b);
}

static void *first(void *arg)
{
	tids[0] = syscall(SYS_gettid);
	lock_a_then_b();
	return arg;
}

static void *second(void *arg)
{
	tids[1] = syscall(SYS_gettid);
	if (arg)
		lock_b_then_a();
	else
		lock_a_then_b();
	return NULL;
}

int main(int argc, char **argv)
{
	int inverted = argc > 1 && !strcmp(argv[1], "inverted");
	char c;
	pthread_t t;
	printf("a %p\nb %p\n", (void *)&mutex_a, (void *)&mutex_b);
	fflush(stdout);
	if (read(0, &c, 1) != 1)
		return 1;
	/* The join is the barrier: the second thread starts after the first
	 * released both mutexes. */
	if (pthread_create(&t, NULL, first, NULL) || pthread_join(t, NULL))
		return 1;
	if (pthread_create(&t, NULL, second, inverted ? &c : NULL) || pthread_join(t, NULL))
		return 1;
	printf("first %ld\nsecond %ld\ndone\n", tids[0], tids[1]);
	fflush(stdout);
	while (read(0, &c, 1) == 1 && c != 'q')
		;
	return 0;
}
