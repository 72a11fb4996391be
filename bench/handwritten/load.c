/* Loader for the hand-written baselines: open OBJECT.bpf.o, load and
 * attach the programs whose names start with PREFIX (every program when
 * none is given), print "ready", wait for SIGINT.
 *   load OBJECT.bpf.o [PREFIX] */
#include <bpf/libbpf.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t done;
static void stop(int s) { done = 1; }

int main(int argc, char **argv)
{
	struct bpf_object *obj = argc > 1 ? bpf_object__open_file(argv[1], NULL) : NULL;
	if (!obj)
		return 1;
	struct bpf_program *prog;
	bpf_object__for_each_program(prog, obj)
		bpf_program__set_autoload(prog, argc < 3 || !strncmp(bpf_program__name(prog), argv[2], strlen(argv[2])));
	if (bpf_object__load(obj))
		return 1;
	bpf_object__for_each_program(prog, obj)
		if (bpf_program__autoload(prog) && !bpf_program__attach(prog))
			return 1;
	signal(SIGINT, stop);
	printf("ready\n");
	fflush(stdout);
	while (!done)
		pause();
	bpf_object__close(obj);
	return 0;
}
