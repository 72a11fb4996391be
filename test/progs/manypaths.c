/* Workload with 2^B distinct call paths to one function (B = argv[1],
 * default 11): path number p reaches leaf() through B calls, the i-th to
 * step1() when bit i of p is set and to step0() otherwise, so every path
 * has its own chain of return addresses.  Each path is taken N times
 * (argv[2], default 3) after a byte arrives on stdin. */
#include <stdlib.h>
#include <unistd.h>

volatile long sink;

__attribute__((noinline)) void leaf(unsigned long p)
{
	sink += (long)p;
}

__attribute__((noinline)) void step1(unsigned long p, int level);

__attribute__((noinline)) void step0(unsigned long p, int level)
{
	if (level == 0)
		leaf(p);
	else if (p >> (level - 1) & 1)
		step1(p, level - 1);
	else
		step0(p, level - 1);
	sink++; /* not a tail call: each frame stays on the stack */
}

__attribute__((noinline)) void step1(unsigned long p, int level)
{
	if (level == 0)
		leaf(p);
	else if (p >> (level - 1) & 1)
		step1(p, level - 1);
	else
		step0(p, level - 1);
	sink++;
}

int main(int argc, char **argv)
{
	int bits = argc > 1 ? atoi(argv[1]) : 11;
	long times = argc > 2 ? atol(argv[2]) : 3;
	char c;
	if (read(0, &c, 1) < 0)
		return 1;
	for (long t = 0; t < times; t++)
		for (unsigned long p = 0; p < 1ul << bits; p++)
			step0(p, bits);
	return 0;
}
