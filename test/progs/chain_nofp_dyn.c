/* Workload built as distributions build (-O2 -fomit-frame-pointer, libc
 * linked dynamically), so its stacks can only be walked with call frame
 * information: waits for a byte on stdin, then for MS milliseconds
 * (argv[1], default 1000) sorts through qsort() with a callback that burns
 * CPU (main;run;sort_round;qsort...;by_value), sleeps in usleep() from
 * nap(), and takes SIGALRM in a handler that spins (on_alarm).  The unwind
 * table unit test reads its .eh_frame; the unwinder's tests will profile it. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdlib.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static volatile unsigned long burnt;

static void burn(int n)
{
	for (int i = 0; i < n; i++)
		burnt++;
}

__attribute__((noinline)) static int by_value(const void *a, const void *b)
{
	burn(200);
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

__attribute__((noinline)) static void sort_round(int *v, int n)
{
	for (int i = 0; i < n; i++)
		v[i] = (i * 7919) % n;
	qsort(v, n, sizeof(*v), by_value);
}

__attribute__((noinline)) static void nap(void)
{
	usleep(1000);
}

static void on_alarm(int sig)
{
	(void)sig;
	burn(100000);
}

static long elapsed_ms(const struct timespec *t0)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - t0->tv_sec) * 1000 + (now.tv_nsec - t0->tv_nsec) / 1000000;
}

__attribute__((noinline)) static void run(long ms)
{
	int v[512];
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	struct itimerval every = { { 0, 10000 }, { 0, 10000 } };
	setitimer(ITIMER_REAL, &every, NULL);
	while (elapsed_ms(&t0) < ms) {
		sort_round(v, 512);
		nap();
	}
	struct itimerval off = { { 0, 0 }, { 0, 0 } };
	setitimer(ITIMER_REAL, &off, NULL);
}

int main(int argc, char **argv)
{
	long ms = argc > 1 ? atol(argv[1]) : 1000;
	struct sigaction sa = { .sa_handler = on_alarm, .sa_flags = SA_RESTART };
	sigaction(SIGALRM, &sa, NULL);
	char c;
	if (read(0, &c, 1) != 1)
		return 1;
	run(ms);
	return 0;
}
