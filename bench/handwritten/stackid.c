/* Loader for stackid.bpf.c: attach one of its programs (argv[1]: by_stackid
 * or by_hash), print "ready", count until SIGINT. */
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "stackid.skel.h"

static volatile sig_atomic_t done;
static void stop(int s) { done = 1; }

int main(int argc, char **argv)
{
	struct stackid_bpf *skel = stackid_bpf__open();
	if (!skel || argc < 2)
		return 1;
	bool hash = !strcmp(argv[1], "by_hash");
	bpf_program__set_autoload(hash ? skel->progs.by_stackid : skel->progs.by_hash, false);
	if (stackid_bpf__load(skel) || stackid_bpf__attach(skel))
		return 1;
	signal(SIGINT, stop);
	printf("ready\n");
	fflush(stdout);
	while (!done)
		pause();
	stackid_bpf__destroy(skel);
	return 0;
}
