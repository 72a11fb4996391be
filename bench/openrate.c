/* bench/openrate: a steady event rate for the flight recorder's bench:
 * RATE open()s a second of a name that does not exist (each one event for
 * opensnoop, no file made), for SECONDS, in batches every 10 ms on an
 * absolute clock so the rate does not drift.
 *   openrate RATE SECONDS */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc < 3)
		return 2;
	long rate = atol(argv[1]), seconds = atol(argv[2]), per_batch = rate / 100;
	struct timespec next;
	clock_gettime(CLOCK_MONOTONIC, &next);
	for (long b = 0; b < seconds * 100; b++) {
		for (long i = 0; i < per_batch; i++) {
			int fd = open("/nonexistent/openrate", O_RDONLY);
			if (fd >= 0)
				close(fd);
		}
		next.tv_nsec += 10000000;
		if (next.tv_nsec >= 1000000000) {
			next.tv_sec++;
			next.tv_nsec -= 1000000000;
		}
		while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL))
			;
	}
	printf("%ld\n", per_batch * seconds * 100);
	return 0;
}
