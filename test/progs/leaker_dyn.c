/* Workload for memleak: once a line arrives on stdin, each
 * allocator of the shared libc gets its own function (leak_NAME) that makes
 * KEPT+2 blocks of its own size and frees 2, so KEPT blocks of SIZE bytes
 * stay outstanding from that function; then "allocated" on stdout.  With
 * argv[1] "all" every block is freed before saying so.  A second line
 * frees the rest, says "freed", and a third ends it.  No stdio:
 * its buffers would be allocations of their own. */
#define _GNU_SOURCE
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define MAX_BLOCKS 16
static void *blocks[9][MAX_BLOCKS];
static int nblocks[9];
static int keep_none;

/* kind, size, kept: the test's table (test/live/memleak.sh) */
enum { MALLOC, CALLOC, REALLOC, POSIX_MEMALIGN, ALIGNED_ALLOC, VALLOC, MEMALIGN, PVALLOC, MMAP };
static const size_t sizes[9] = { 1001, 3 * 337, 2003, 3005, 3008, 5003, 6007, 7001, 3 * 4096 };
static const int kept[9] = { 6, 5, 4, 3, 2, 1, 7, 8, 9 };

static void release(int kind, void *p)
{
	if (kind == MMAP)
		munmap(p, sizes[MMAP]);
	else
		free(p);
}

/* Frees the first two of kind's blocks (all with "all"); the rest stay. */
static void settle(int kind)
{
	int from = keep_none ? nblocks[kind] : 2;
	for (int i = 0; i < from; i++)
		release(kind, blocks[kind][i]), blocks[kind][i] = NULL;
}

#define LEAK(name, kind, expr)                                  \
	static void leak_##name(void)                           \
	{                                                       \
		for (int i = 0; i < kept[kind] + 2; i++) {      \
			void *p = NULL;                         \
			expr;                                   \
			blocks[kind][nblocks[kind]++] = p;      \
		}                                               \
		settle(kind);                                   \
	}

LEAK(malloc, MALLOC, p = malloc(sizes[MALLOC]))
LEAK(calloc, CALLOC, p = calloc(3, 337))
/* The seed block is realloc's to free: nothing of it stays outstanding. */
static void *__attribute__((noinline)) seed(void)
{
	return malloc(16);
}
LEAK(realloc, REALLOC, p = realloc(seed(), sizes[REALLOC]))
LEAK(posix_memalign, POSIX_MEMALIGN, if (posix_memalign(&p, 64, sizes[POSIX_MEMALIGN])) _exit(3))
LEAK(aligned_alloc, ALIGNED_ALLOC, p = aligned_alloc(64, sizes[ALIGNED_ALLOC]))
LEAK(valloc, VALLOC, p = valloc(sizes[VALLOC]))
LEAK(memalign, MEMALIGN, p = memalign(128, sizes[MEMALIGN]))
LEAK(pvalloc, PVALLOC, p = pvalloc(sizes[PVALLOC]))
LEAK(mmap, MMAP,
     p = mmap(NULL, sizes[MMAP], PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
     if (p == MAP_FAILED) _exit(3))

static void say(const char *s)
{
	if (write(1, s, strlen(s)) < 0)
		_exit(2);
}

/* The test's poke: a line on stdin (test/live/lib.sh's gated_start). */
static void await(void)
{
	char buf[64];
	if (read(0, buf, sizeof(buf)) <= 0)
		_exit(2);
}

int main(int argc, char **argv)
{
	keep_none = argc > 1 && !strcmp(argv[1], "all");
	await();
	leak_malloc();
	leak_calloc();
	leak_realloc();
	leak_posix_memalign();
	leak_aligned_alloc();
	leak_valloc();
	leak_memalign();
	leak_pvalloc();
	leak_mmap();
	say("allocated\n");
	await();
	for (int k = 0; k < 9; k++)
		for (int i = 0; i < nblocks[k]; i++)
			if (blocks[k][i])
				release(k, blocks[k][i]);
	say("freed\n");
	await();
	return 0;
}
