/* Workload for killsnoop: waits for a byte on stdin, then sends SIGUSR1 to
 * a child that waits for it (result 0), and SIGTERM to a child that has
 * already been reaped (result -ESRCH).  Prints "ok CHILD" and "gone CHILD"
 * so the test knows the target PIDs. */
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	char c;
	if (read(0, &c, 1) < 0)
		return 1;
	pid_t gone = fork();
	if (gone == 0)
		_exit(0);
	waitpid(gone, NULL, 0);
	pid_t child = fork();
	if (child == 0) {
		pause();
		_exit(0);
	}
	printf("ok %d\ngone %d\n", child, gone);
	fflush(stdout);
	kill(child, SIGUSR1);
	kill(gone, SIGTERM);
	waitpid(child, NULL, 0);
	return 0;
}
