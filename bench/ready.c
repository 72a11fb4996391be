/* bench/ready: run a tracing tool N times and report, per run, the time from
 * exec until it prints the line that says it is tracing (its header, printed
 * once attached) and its peak RSS (from wait4's rusage), as medians.
 *
 *   ready RUNS 'REGEX' CMD ARGS...
 */
#include <poll.h>
#include <pty.h>
#include <stdbool.h>
#include <regex.h>
#include <termios.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Read what the tool printed for up to 100 ms: true once it closed the
 * terminal. */
static bool drained(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	char buf[4096];
	if (poll(&p, 1, 100) <= 0)
		return false;
	return read(fd, buf, sizeof(buf)) <= 0;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	if (argc < 4) {
		fprintf(stderr, "usage: ready RUNS REGEX CMD...\n");
		return 2;
	}
	int runs = atoi(argv[1]);
	regex_t re;
	if (regcomp(&re, argv[2], REG_EXTENDED | REG_NOSUB))
		return 2;
	double *ms = calloc(runs, sizeof(double)), *rss = calloc(runs, sizeof(double));
	for (int r = 0; r < runs; r++) {
		int master;
		struct termios tio;
		cfmakeraw(&tio);
		double t0 = now();
		pid_t pid = forkpty(&master, NULL, &tio, NULL);
		if (pid == 0) {
			execvp(argv[3], argv + 3);
			_exit(127);
		}
		FILE *f = fdopen(master, "r");
		char line[4096];
		double t = -1;
		while (fgets(line, sizeof(line), f)) {
			if (!regexec(&re, line, 0, NULL, 0)) {
				t = now() - t0;
				break;
			}
		}
		kill(pid, SIGINT);
		/* Drain until the tool closes the terminal (EIO) on exit; one that
		 * has not within 5 s is killed (libbpf-tools' biolatency started
		 * from a non-interactive shell inherits an ignored SIGINT). */
		for (double t1 = now(); !drained(master); )
			if (now() - t1 > 5) {
				kill(pid, SIGKILL);
				break;
			}
		fclose(f);
		int status;
		struct rusage ru;
		wait4(pid, &status, 0, &ru);
		if (t < 0) {
			fprintf(stderr, "run %d: ready line never seen (status %d)\n", r, status);
			return 1;
		}
		ms[r] = t * 1000;
		rss[r] = ru.ru_maxrss / 1024.0;
	}
	qsort(ms, runs, sizeof(double), cmp);
	qsort(rss, runs, sizeof(double), cmp);
	printf("%.1f %.1f\n", ms[runs / 2], rss[runs / 2]);
	return 0;
}
