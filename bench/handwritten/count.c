/* Loader for count.bpf.c: attach, print "ready", count until SIGINT. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "count.skel.h"

static volatile sig_atomic_t done;
static void stop(int s) { done = 1; }

int main(int argc, char **argv)
{
	struct count_bpf *skel = count_bpf__open();
	if (!skel)
		return 1;
	skel->rodata->targ_tgid = argc > 1 ? atoi(argv[1]) : 0;
	if (count_bpf__load(skel) || count_bpf__attach(skel))
		return 1;
	signal(SIGINT, stop);
	printf("ready\n");
	fflush(stdout);
	while (!done)
		pause();
	printf("%llu\n", (unsigned long long)skel->bss->hits);
	count_bpf__destroy(skel);
	return 0;
}
