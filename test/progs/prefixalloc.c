/* Workload for memleak's optional allocators: an allocator of its own under
 * the prefix my_ (memleak --symbols-prefix my_ -O this file) with only the
 * functions memleak needs (malloc, calloc, realloc, posix_memalign,
 * memalign, free) and none of those it may go without (valloc, pvalloc,
 * aligned_alloc, mmap, munmap).  Once a line arrives on stdin: 3 blocks of
 * 777 bytes from my_malloc kept, 2 freed; then "allocated"; a second line
 * ends it. */
#include <malloc.h>
#include <stdlib.h>
#include <unistd.h>

#define API __attribute__((noinline, used))
API void *my_malloc(size_t n) { return malloc(n); }
API void *my_calloc(size_t n, size_t m) { return calloc(n, m); }
API void *my_realloc(void *p, size_t n) { return realloc(p, n); }
API int my_posix_memalign(void **p, size_t a, size_t n) { return posix_memalign(p, a, n); }
API void *my_memalign(size_t a, size_t n) { return memalign(a, n); }
API void my_free(void *p) { free(p); }

static void *kept[3];

static int line(void)
{
	char c;
	do
		if (read(0, &c, 1) != 1)
			return -1;
	while (c != '\n');
	return 0;
}

int main(void)
{
	if (line())
		return 1;
	for (int i = 0; i < 5; i++) {
		void *p = my_malloc(777);
		if (i < 3)
			kept[i] = p;
		else
			my_free(p);
	}
	if (write(1, "allocated\n", 10) != 10 || line())
		return 1;
	return kept[0] && kept[1] && kept[2] ? 0 : 1;
}
