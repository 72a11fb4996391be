/* Workload: waits for one byte on stdin, then calls libc's lseek on
 * /dev/null (which accepts any offset) with SEEK_CUR and these offsets:
 *     -1 (0xffffffffffffffff) x3, 0x80000000 x2, 0 x5, 50 x7, 200 x11
 * 28 calls whose offsets are large as unsigned, negative as signed
 * (long or int), or plain small numbers. */
#include <fcntl.h>
#include <unistd.h>

static const struct {
	off_t offset;
	int times;
} calls[] = { { -1, 3 }, { 0x80000000L, 2 }, { 0, 5 }, { 50, 7 }, { 200, 11 } };

int main(void)
{
	char c;
	int fd = open("/dev/null", O_RDONLY);
	if (fd < 0 || read(0, &c, 1) < 0)
		return 1;
	for (unsigned i = 0; i < sizeof(calls) / sizeof(calls[0]); i++)
		for (int k = 0; k < calls[i].times; k++)
			lseek(fd, calls[i].offset, SEEK_CUR);
	return 0;
}
