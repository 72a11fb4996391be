/* Workload for exitsnoop: waits for a byte on stdin, then ends the way
 * argv[1] says: a number exits with that code, "sig:N" dies of signal N,
 * "thread:N" first has a second thread exit, then exits with N. */
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void *quit(void *arg)
{
	pthread_exit(NULL);
}

int main(int argc, char **argv)
{
	const char *how = argc > 1 ? argv[1] : "0";
	char c;
	if (read(0, &c, 1) < 0)
		return 1;
	if (!strncmp(how, "sig:", 4)) {
		int sig = atoi(how + 4);
		signal(sig, SIG_DFL);
		kill(getpid(), sig);
		pause();
	}
	if (!strncmp(how, "thread:", 7)) {
		pthread_t t;
		if (pthread_create(&t, NULL, quit, NULL) || pthread_join(t, NULL))
			return 1;
		return atoi(how + 7);
	}
	return atoi(how);
}
