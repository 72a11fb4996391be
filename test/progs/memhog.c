/* Workload for the memory tools: waits for a byte on stdin, then touches
 * argv[1] megabytes (default 1024) of anonymous memory a megabyte at a
 * time, printing "touched N" every argv[2] megabytes (default: never, 0),
 * with argv[3] "reread" then reads a byte of every page of them again (what
 * was swapped out comes back in), and exits 0 if it got them all (in a
 * memory cgroup at its limit it is reclaimed for, or killed). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long mb = argc > 1 ? atol(argv[1]) : 1024, every = argc > 2 ? atol(argv[2]) : 0;
	static char *chunks[4096];
	volatile char sum = 0;
	char c;
	if (mb > 4096 || read(0, &c, 1) < 0)
		return 1;
	for (long i = 1; i <= mb; i++) {
		char *p = chunks[i - 1] = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			return 2;
		memset(p, (int)i, 1 << 20);
		if (every && i % every == 0) {
			printf("touched %ld\n", i);
			fflush(stdout);
		}
	}
	if (argc > 3 && !strcmp(argv[3], "reread"))
		for (long i = 0; i < mb; i++)
			for (long off = 0; off < 1 << 20; off += 4096)
				sum += chunks[i][off];
	return 0;
}
