/* Workload with USDT probes (sys/sdt.h): waits for one byte on stdin, then
 * fires bpfkit_test:tick N times (argv[1], default 100) with the loop
 * index as argument, bpfkit_sema:guarded as often but only while its
 * semaphore says a tracer is attached, and bpfkit_test:done once. */
#define _SDT_HAS_SEMAPHORES 1
#include <stdlib.h>
#include <sys/sdt.h>
#include <unistd.h>

/* With semaphores on, sys/sdt.h names one per probe. */
#define SEMAPHORE(p, n) __extension__ unsigned short p##_##n##_semaphore __attribute__((section(".probes"), used))
SEMAPHORE(bpfkit_test, tick);
SEMAPHORE(bpfkit_test, done);
SEMAPHORE(bpfkit_sema, guarded);

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 100;
	char c;
	if (read(0, &c, 1) < 0)
		return 1;
	for (long i = 0; i < n; i++) {
		DTRACE_PROBE1(bpfkit_test, tick, i);
		if (bpfkit_sema_guarded_semaphore)
			DTRACE_PROBE1(bpfkit_sema, guarded, i * 10);
	}
	DTRACE_PROBE(bpfkit_test, done);
	return 0;
}
