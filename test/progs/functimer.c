/* Workload for the function-timing tools: waits for a byte on stdin, then
 * runs each argument in turn, printing the time each nap() and doze() call
 * took as its caller saw it ("nap NS"), and the time between tick() calls
 * ("gap NS"), the buckets the tools must show:
 *   nap:N:MS    nap(MS, 7) N times, each sleeping MS milliseconds (returns MS * 2)
 *   doze:N:MS   doze(MS) N times, the same in another function
 *   tick:K:P    tick() K times, one every P milliseconds (slept between calls)
 *   nest:D:MS   nest(D): D nested calls of itself, the innermost sleeping MS */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	while (clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, &ts))
		;
}

__attribute__((noinline)) long nap(long ms, long tag)
{
	sleep_ms(ms);
	return ms * 2 + tag - tag;
}

__attribute__((noinline)) void doze(long ms)
{
	sleep_ms(ms);
}

__attribute__((noinline)) void tick(void)
{
	__asm__ volatile("" ::: "memory");
}

__attribute__((noinline)) void nest(long depth, long ms)
{
	if (depth > 1)
		nest(depth - 1, ms);
	else
		sleep_ms(ms);
	__asm__ volatile("" ::: "memory"); /* not a tail call */
}

static long long now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Each call, timed from here. */
#define TIMED(name, call)                                                     \
	do {                                                                  \
		long long t0 = now_ns();                                      \
		call;                                                         \
		printf("%s %lld\n", name, now_ns() - t0);                     \
	} while (0)

int main(int argc, char **argv)
{
	char c;
	if (read(0, &c, 1) < 0)
		return 1;
	for (int i = 1; i < argc; i++) {
		char what[8];
		long n, ms;
		if (sscanf(argv[i], "%7[a-z]:%ld:%ld", what, &n, &ms) != 3) {
			fprintf(stderr, "functimer: bad step %s\n", argv[i]);
			return 2;
		}
		if (!strcmp(what, "nap"))
			for (long k = 0; k < n; k++)
				TIMED("nap", nap(ms, 7));
		else if (!strcmp(what, "doze"))
			for (long k = 0; k < n; k++)
				TIMED("doze", doze(ms));
		else if (!strcmp(what, "tick"))
			for (long long k = 0, t0 = 0; k < n; k++) {
				long long t = now_ns();
				tick();
				if (k)
					printf("gap %lld\n", t - t0);
				t0 = t;
				sleep_ms(ms);
			}
		else if (!strcmp(what, "nest"))
			nest(n, ms);
		else {
			fprintf(stderr, "functimer: bad step %s\n", argv[i]);
			return 2;
		}
	}
	return 0;
}
