/* Workload for the file system latency tools: waits for one byte on
 * stdin, then on the file PATH (argv[1]) does exactly: one open
 * (O_CREAT|O_TRUNC), a 4096-byte write at offset 0, an 8192-byte write at
 * offset 4096, a 4096-byte read at offset 8192, one fsync; then a 1-byte
 * write to /dev/null (no file system's, and not a regular file).  Prints
 * "done" after them. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static char buf[8192];

int main(int argc, char **argv)
{
	char c;
	if (argc < 2 || read(0, &c, 1) != 1)
		return 2;
	memset(buf, 'x', sizeof(buf));
	int fd = open(argv[1], O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || pwrite(fd, buf, 4096, 0) != 4096 || pwrite(fd, buf, 8192, 4096) != 8192 ||
	    pread(fd, buf, 4096, 8192) != 4096 || fsync(fd) || close(fd))
		return 1;
	int nul = open("/dev/null", O_WRONLY);
	if (nul < 0 || write(nul, buf, 1) != 1)
		return 1;
	printf("done\n");
	return 0;
}
