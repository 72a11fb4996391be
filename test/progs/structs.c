/* Workload with nested structs for trace/argdist through DWARF types: waits
 * for one byte on stdin, then calls visit() N times (argv[1], default 3)
 * with o->in->id = 100 + i, o->embedded.name "visit-<i>", o->values[2] =
 * 7 * i and the bit field o->embedded.mode = i + 1 (5 bits beside 3). */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "structs.h"

__attribute__((noinline)) int visit(struct outer *o)
{
	return o->in->id + o->values[2];
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 3;
	char c;
	if (read(0, &c, 1) < 0)
		return 1;
	struct inner in = { 0 };
	struct outer o = { .in = &in };
	int sum = 0;
	for (long i = 0; i < n; i++) {
		in.id = 100 + (int)i;
		snprintf(o.embedded.name, sizeof(o.embedded.name), "visit-%d", (int)i % 1000);
		o.embedded.flags = 7;
		o.embedded.mode = (unsigned)(i + 1);
		o.values[2] = 7 * (int)i;
		sum += visit(&o);
	}
	return sum == 0;
}
