/* Workload for the flight recorder: events numbered in sequence.  Pins
 * itself to one CPU (the first it may run on), so that one perf ring sees
 * them all; then for each line COUNT read on stdin calls tick(SEQ) COUNT
 * times, SEQ going on from the last round (1, 2, ...), and prints "ticked
 * LAST" once they are done.  With a line of the form "open:COUNT" it opens
 * DIR/f-SEQ (argv[1]; it need not exist) instead, for a tool that sees
 * file names.  Ends at end of input. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

__attribute__((noinline)) long tick(long seq)
{
	__asm__ volatile("" ::: "memory");
	return seq;
}

static int pin_to_first_cpu(void)
{
	cpu_set_t set;
	if (sched_getaffinity(0, sizeof(set), &set))
		return -1;
	for (int c = 0; c < CPU_SETSIZE; c++)
		if (CPU_ISSET(c, &set)) {
			CPU_ZERO(&set);
			CPU_SET(c, &set);
			return sched_setaffinity(0, sizeof(set), &set);
		}
	return -1;
}

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : "/nonexistent";
	char line[64], path[4096];
	long seq = 0;
	if (pin_to_first_cpu()) {
		perror("sched_setaffinity");
		return 1;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	while (fgets(line, sizeof(line), stdin)) {
		bool opens = !strncmp(line, "open:", 5);
		long n = atol(opens ? line + 5 : line);
		for (long i = 0; i < n; i++) {
			seq++;
			if (opens) {
				snprintf(path, sizeof(path), "%s/f-%ld", dir, seq);
				int fd = open(path, O_RDONLY);
				if (fd >= 0)
					close(fd);
			} else {
				tick(seq);
			}
		}
		printf("ticked %ld\n", seq);
	}
	return 0;
}
