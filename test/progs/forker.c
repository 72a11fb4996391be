/* Workload for pidpersec and threadsnoop: waits for a byte on stdin, then
 * forks N children (argv[1], default 50) that exit at once, reaps them,
 * then lingers MS milliseconds (argv[2], default 0) before exiting. */
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 50, ms = argc > 2 ? atol(argv[2]) : 0;
	char c;
	if (read(0, &c, 1) < 0)
		return 1;
	for (long i = 0; i < n; i++) {
		pid_t p = fork();
		if (p == 0)
			_exit(0);
		if (p < 0 || waitpid(p, NULL, 0) != p)
			return 1;
	}
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
	return 0;
}
