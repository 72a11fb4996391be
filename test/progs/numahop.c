/* Workload that changes NUMA node: "numahop hop CPU_A CPU_B" runs on CPU_A
 * (sleeping a few times, so the scheduler switches it out there), waits
 * for a byte on stdin, then runs on CPU_B and sleeps, then on CPU_A again,
 * and exits: two moves, A's node to B's and back (none where both CPUs
 * are on one node).  "numahop pull CPU_A CPU_B PAGES SECONDS" touches PAGES
 * private pages on CPU_A (so they are allocated on its node), waits for the
 * byte, then writes them from CPU_B until NUMA balancing has moved every
 * one to B's node or SECONDS pass; it prints "pages N node X moved M"
 * (M: pages found on X at the end) and exits 0 when all moved. */
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static int pin(int cpu)
{
	cpu_set_t set;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		return -1;
	/* Switched out and in again: from here on this thread runs on cpu. */
	for (int i = 0; i < 3; i++)
		usleep(1000);
	return 0;
}

static int node_of_cpu(int cpu)
{
	char path[64];
	for (int n = 0; n < 64; n++) {
		snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu%d/node%d", cpu, n);
		if (!access(path, F_OK))
			return n;
	}
	return 0;
}

/* The pages on node nid, by move_pages() with no nodes (a query). */
static long on_node(void **pages, long n, int nid, int *status)
{
	long k = 0;
	if (syscall(SYS_move_pages, 0, n, pages, NULL, status, 0))
		return -1;
	for (long i = 0; i < n; i++)
		k += status[i] == nid;
	return k;
}

int main(int argc, char **argv)
{
	char c;
	if (argc < 4)
		return 2;
	int a = atoi(argv[2]), b = atoi(argv[3]);
	if (!strcmp(argv[1], "hop")) {
		if (pin(a) || read(0, &c, 1) != 1 || pin(b) || pin(a))
			return 1;
		return 0;
	}
	if (strcmp(argv[1], "pull") || argc < 6)
		return 2;
	long n = atol(argv[4]), secs = atol(argv[5]), psz = sysconf(_SC_PAGESIZE);
	if (pin(a))
		return 1;
	char *mem = mmap(NULL, n * psz, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	void **pages = calloc(n, sizeof(*pages));
	int *status = calloc(n, sizeof(*status));
	if (mem == MAP_FAILED || !pages || !status)
		return 1;
	/* Small pages: each is one migration. */
	madvise(mem, n * psz, MADV_NOHUGEPAGE);
	for (long i = 0; i < n; i++) {
		mem[i * psz] = 1;
		pages[i] = mem + i * psz;
	}
	if (read(0, &c, 1) != 1 || pin(b))
		return 1;
	int nid = node_of_cpu(b);
	long moved = 0;
	time_t end = time(NULL) + secs;
	while ((moved = on_node(pages, n, nid, status)) >= 0 && moved < n && time(NULL) < end) {
		for (int r = 0; r < 200; r++)
			for (long i = 0; i < n; i++)
				mem[i * psz]++;
		usleep(10000);
	}
	printf("pages %ld node %d moved %ld\n", n, nid, moved);
	return moved == n ? 0 : 1;
}
