/* Workload with USDT probes (sys/sdt.h): waits for one byte on stdin, then
 * fires bpfkit_test:tick N times (argv[1], default 100) with the loop
 * index as argument, and bpfkit_test:done once. */
#include <stdlib.h>
#include <sys/sdt.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 100;
	char c;
	if (read(0, &c, 1) < 0)
		return 1;
	for (long i = 0; i < n; i++)
		DTRACE_PROBE1(bpfkit_test, tick, i);
	DTRACE_PROBE(bpfkit_test, done);
	return 0;
}
