/* Workload for the wakeup tools: waits for a byte on stdin, then a child
 * named "bk_sleeper" blocks reading a pipe N times (argv[1], default 4)
 * and the parent, "bk_waker", wakes it each time by writing after MS
 * milliseconds (argv[2], default 50). */
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

__attribute__((noinline)) void wake_it(int fd)
{
	if (write(fd, "x", 1) != 1)
		exit(1);
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 4, ms = argc > 2 ? atol(argv[2]) : 50;
	int p[2];
	char c;
	if (read(0, &c, 1) < 0 || pipe(p))
		return 1;
	pid_t child = fork();
	if (child == 0) {
		prctl(PR_SET_NAME, "bk_sleeper");
		for (long i = 0; i < n; i++)
			if (read(p[0], &c, 1) != 1)
				return 1;
		return 0;
	}
	prctl(PR_SET_NAME, "bk_waker");
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	for (long i = 0; i < n; i++) {
		nanosleep(&ts, NULL);
		wake_it(p[1]);
	}
	int status;
	waitpid(child, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
