#include "helpers.h"

static inline unsigned rot(unsigned v, int k)
{
	return (v << k) | (v >> (32 - k));
}

static inline unsigned mix(unsigned a, unsigned b)
{
	a ^= rot(b, 7);
	b += rot(a, 13);
	return a * 0x9e3779b1u + b;
}

int twist(int n)
{
	unsigned h = 0;
	for (int i = 0; i < n; i++)
		h = mix(h, (unsigned)i);
	return (int)(h & 0x7fffffff);
}
