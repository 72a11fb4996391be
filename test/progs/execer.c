/* Workload for the event buffer tests: waits for a byte on stdin, then runs
 * N children (argv[1]) one after another, each exec()ing this program again
 * as "execer -", which exits at once.  Exits non-zero if any exec failed.
 * The exec arguments live on the child's stack: after fork() the child's
 * page tables do not yet map this binary's read-only data, and execsnoop
 * (like BCC's) cannot fault pages in to read arguments from there. */
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "-"))
		return 0;
	long n = argc > 1 ? atol(argv[1]) : 1;
	char c;
	if (read(0, &c, 1) < 0)
		return 1;
	for (long i = 0; i < n; i++) {
		pid_t p = fork();
		if (p == 0) {
			char path[] = "/proc/self/exe", name[] = "execer", dash[] = "-";
			char *args[] = { name, dash, NULL };
			execv(path, args);
			_exit(127);
		}
		int status;
		if (p < 0 || waitpid(p, &status, 0) != p || !WIFEXITED(status) || WEXITSTATUS(status))
			return 1;
	}
	return 0;
}
