/* Workload for the stack tools' --lines and --inlines: waits for a byte on
 * stdin, then burns MS milliseconds (argv[1], default 1000) in a loop that
 * is inlined (always_inline beats the tests' -fno-inline) into hot_outer.
 * The tests find the lines by the markers in the comments.  With "addr" as
 * argv[2] it first prints where hot_outer is, for bpfkit sym -p. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

volatile unsigned long sink;

static inline __attribute__((always_inline)) void hot_inner(void)
{
	for (int i = 0; i < 100000; i++)
		sink++; /* @inner */
}

__attribute__((noinline)) void hot_outer(long ms)
{
	struct timespec start, now;
	clock_gettime(CLOCK_MONOTONIC, &start);
	do {
		hot_inner(); /* @call */
		clock_gettime(CLOCK_MONOTONIC, &now);
	} while ((now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1000000 < ms);
}

int main(int argc, char **argv)
{
	long ms = argc > 1 ? atol(argv[1]) : 1000;
	char c;
	if (argc > 2 && !strcmp(argv[2], "addr")) {
		printf("hot_outer %p\n", (void *)hot_outer);
		fflush(stdout);
	}
	if (read(0, &c, 1) < 0)
		return 1;
	hot_outer(ms);
	return 0;
}
