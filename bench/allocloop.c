/* The workload of bench/memleak_cost.sh, linked against libc so that
 * uprobes on its malloc see every call.  It waits for a line on stdin (the
 * tracer is attached by then), then:
 *   allocloop pairs N   N malloc(64)+free pairs; prints ns per pair
 *   allocloop hold N    N malloc(64) kept; prints "held N", then waits for
 *                       EOF on stdin (the report is read meanwhile) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	if (argc != 3)
		return 2;
	long n = atol(argv[2]);
	char line[64];
	if (n <= 0 || !fgets(line, sizeof(line), stdin))
		return 2;
	if (!strcmp(argv[1], "pairs")) {
		double t0 = now_ns();
		for (long i = 0; i < n; i++) {
			/* volatile: the compiler may not pair and drop the calls */
			void *volatile p = malloc(64);
			free(p);
		}
		printf("%.1f\n", (now_ns() - t0) / n);
		return 0;
	}
	if (!strcmp(argv[1], "hold")) {
		void **held = calloc(n, sizeof(*held));
		if (!held)
			return 1;
		for (long i = 0; i < n; i++)
			if (!(held[i] = malloc(64)))
				return 1;
		printf("held %ld\n", n);
		fflush(stdout);
		while (fgets(line, sizeof(line), stdin))
			;
		return 0;
	}
	return 2;
}
