/* Loader for dyn.bpf.c: attach the one program argv[1] names, print
 * "ready", wait for SIGINT. */
#include <bpf/libbpf.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "dyn.skel.h"

static volatile sig_atomic_t done;
static void stop(int s) { done = 1; }

int main(int argc, char **argv)
{
	struct dyn_bpf *skel = dyn_bpf__open();
	if (!skel || argc < 2)
		return 1;
	struct bpf_program *prog;
	bpf_object__for_each_program(prog, skel->obj)
		bpf_program__set_autoload(prog, !strcmp(bpf_program__name(prog), argv[1]));
	if (dyn_bpf__load(skel) || dyn_bpf__attach(skel))
		return 1;
	signal(SIGINT, stop);
	printf("ready\n");
	fflush(stdout);
	while (!done)
		pause();
	dyn_bpf__destroy(skel);
	return 0;
}
