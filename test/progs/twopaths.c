/* Workload with two distinct call paths to one function: waits for a byte
 * on stdin, then calls leaf() through path_a() A times and through
 * path_b() -> middle() B times (argv[1], argv[2]; default 300 and 500). */
#include <stdlib.h>
#include <unistd.h>

volatile long sink;

__attribute__((noinline)) void leaf(long i)
{
	sink += i;
}

__attribute__((noinline)) void middle(long i)
{
	leaf(i);
	sink++;
}

__attribute__((noinline)) void path_a(long i)
{
	leaf(i);
	sink++;
}

__attribute__((noinline)) void path_b(long i)
{
	middle(i);
	sink++;
}

int main(int argc, char **argv)
{
	long a = argc > 1 ? atol(argv[1]) : 300, b = argc > 2 ? atol(argv[2]) : 500;
	char c;
	if (read(0, &c, 1) < 0)
		return 1;
	for (long i = 0; i < a; i++)
		path_a(i);
	for (long i = 0; i < b; i++)
		path_b(i);
	return 0;
}
