/* Workload that burns CPU in a known function: waits for a byte on stdin,
 * then spin_here() loops for MS milliseconds of wall time (argv[1],
 * default 1000). */
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

volatile unsigned long spins;

__attribute__((noinline)) void spin_here(long ms)
{
	struct timespec start, now;
	clock_gettime(CLOCK_MONOTONIC, &start);
	do {
		for (int i = 0; i < 100000; i++)
			spins++;
		clock_gettime(CLOCK_MONOTONIC, &now);
	} while ((now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1000000 < ms);
}

int main(int argc, char **argv)
{
	long ms = argc > 1 ? atol(argv[1]) : 1000;
	char c;
	if (read(0, &c, 1) < 0)
		return 1;
	spin_here(ms);
	return 0;
}
