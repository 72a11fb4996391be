/* Workload for memleak's kernel mode: once poked (a line on stdin), makes
 * argv[1] pipes (each a kmalloc'd pipe_inode_info the kernel keeps while
 * the pipe is open), says "ok", and holds them until the next line. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 50, fds[2];
	char buf[64];
	if (read(0, buf, sizeof(buf)) <= 0)
		return 2;
	for (int i = 0; i < n; i++)
		if (pipe(fds))
			return 3;
	printf("ok\n");
	fflush(stdout);
	if (read(0, buf, sizeof(buf)) <= 0)
		return 2;
	return 0;
}
