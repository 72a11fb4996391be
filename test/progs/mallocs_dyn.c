/* Workload: waits for one byte on stdin, then calls malloc N times through
 * the shared libc (argv[1], default 1000) with sizes 16, 32, 16, 32, ...
 * and frees each block, then exits. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 1000;
	char c;
	if (read(0, &c, 1) < 0)
		return 1;
	for (long i = 0; i < n; i++) {
		/* volatile: keep the compiler from pairing malloc/free away. */
		void *volatile p = malloc(i % 2 ? 32 : 16);
		free(p);
	}
	return 0;
}
