/* A program whose optimized code is full of inlining, split functions and
 * several compile units: the symbolizer's answers for every instruction
 * of it are compared with eu-addr2line's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

static inline int leaf(int x)
{
	return x * 3 + (x >> 2);
}

static inline int middle(int x)
{
	if (x > 1000)
		return leaf(x) - 7;
	return leaf(x + 1) * 2;
}

static inline __attribute__((always_inline)) int outer(int x)
{
	return middle(x) + middle(x * 5);
}

__attribute__((noinline)) int crunch(int n)
{
	int s = 0;
	for (int i = 0; i < n; i++)
		s += outer(i);
	return s;
}

static int report(const char *what, int v)
{
	/* Cold: GCC moves the error path into a separate .cold range. */
	if (__builtin_expect(v < 0, 0)) {
		fprintf(stderr, "bad %s: %d\n", what, v);
		abort();
	}
	return printf("%s %d\n", what, v);
}

/* Not inlined into itself: for recursively inlined code eu-addr2line -i
 * drops the outer frames at some addresses, so the two would differ. */
static __attribute__((noinline)) int fib(int n)
{
	return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

int (*const table[])(int) = { crunch, fib, twist };

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 10;
	report("crunch", table[0](n));
	report("fib", table[1](n));
	report("twist", table[2](n));
	report("len", (int)strlen(argv[0]));
	return 0;
}
