/* Workload for threadsnoop (dynamically linked, so pthread_create is
 * libc's): waits for a byte on stdin, then starts and joins N threads
 * (argv[1], default 3) running worker_main. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

__attribute__((noinline)) void *worker_main(void *arg)
{
	return arg;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 3;
	char c;
	if (read(0, &c, 1) < 0)
		return 1;
	for (long i = 0; i < n; i++) {
		pthread_t t;
		if (pthread_create(&t, NULL, worker_main, NULL) || pthread_join(t, NULL))
			return 1;
	}
	/* "hold": stay until a 'q' arrives, so a tracer can still read this
	 * process's mappings when it prints. */
	if (argc > 2 && !strcmp(argv[2], "hold"))
		while (read(0, &c, 1) == 1 && c != 'q')
			;
	return 0;
}
