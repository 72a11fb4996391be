/* Workload that burns CPU in a known function: waits for a byte on stdin,
 * then spin_here() loops for MS milliseconds of wall time (argv[1],
 * default 1000).  "fifo CPU [DELAY]" after MS first pins it to CPU at
 * SCHED_FIFO priority 10 (a hog nothing else on that CPU gets past; no chrt
 * needed), and sleeps DELAY milliseconds before it spins. */
#define _GNU_SOURCE
#include <sched.h>
#include <stdlib.h>
#include <string.h>
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
	if (argc > 3 && !strcmp(argv[2], "fifo")) {
		cpu_set_t set;
		CPU_ZERO(&set);
		CPU_SET(atoi(argv[3]), &set);
		struct sched_param sp = { .sched_priority = 10 };
		if (sched_setaffinity(0, sizeof(set), &set) || sched_setscheduler(0, SCHED_FIFO, &sp))
			return 2;
	}
	long delay = argc > 4 ? atol(argv[4]) : 0;
	if (read(0, &c, 1) < 0)
		return 1;
	struct timespec d = { delay / 1000, (delay % 1000) * 1000000L };
	nanosleep(&d, NULL);
	spin_here(ms);
	return 0;
}
