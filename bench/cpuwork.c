/* A fixed amount of CPU work on every CPU (a thread each), for measuring
 * what a sampling profiler costs the workload: prints the wall seconds. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static long iters;

__attribute__((noinline)) static unsigned long mix(unsigned long x)
{
	return x * 6364136223846793005UL + 1442695040888963407UL;
}

static void *work(void *arg)
{
	unsigned long x = (unsigned long)arg;
	for (long i = 0; i < iters; i++)
		x = mix(x);
	return (void *)x;
}

int main(int argc, char **argv)
{
	iters = argc > 1 ? atol(argv[1]) : 400000000;
	int n = sysconf(_SC_NPROCESSORS_ONLN);
	pthread_t t[256];
	struct timespec a, b;
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (int i = 0; i < n && i < 256; i++)
		pthread_create(&t[i], NULL, work, (void *)(long)i);
	for (int i = 0; i < n && i < 256; i++)
		pthread_join(t[i], NULL);
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("%.4f\n", (b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9);
	return 0;
}
