/* Loader for stackid.bpf.c: attach, print "ready", count until SIGINT. */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>
#include "stackid.skel.h"

static volatile sig_atomic_t done;
static void stop(int s) { done = 1; }

int main(void)
{
	struct stackid_bpf *skel = stackid_bpf__open_and_load();
	if (!skel || stackid_bpf__attach(skel))
		return 1;
	signal(SIGINT, stop);
	printf("ready\n");
	fflush(stdout);
	while (!done)
		pause();
	stackid_bpf__destroy(skel);
	return 0;
}
