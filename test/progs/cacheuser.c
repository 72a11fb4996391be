/* Workload for the page cache tools: reads commands from stdin, one a
 * line, and answers each once done, so a test knows what the kernel was
 * asked to do and when:
 *   drop       posix_fadvise(DONTNEED) on FILE: its pages leave the cache
 *   read       read FILE to its end, 4 KiB at a time: "read BYTES"
 *   readone    read FILE's first 4 KiB: "read BYTES resident PAGES"
 *   resident   FILE's pages in the page cache (mincore): "resident PAGES"
 *   lock       map FILE and mlock it, so nothing evicts its pages: "locked"
 *   unlock     unmap it again: "unlocked"
 *   write N    write N bytes of 'x' at FILE's start: "wrote N"
 *   sync       fsync(FILE): "synced"
 *   syncfs     syncfs() of FILE's file system: "syncedfs"
 *   fdatasync, msync (of FILE mapped), sync_file_range, syncall (sync()):
 *              the call, once: the call's name
 * Ends at end of input. */
#define _GNU_SOURCE /* syncfs */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* FILE's pages in the page cache, by mincore(), or -1. */
static long resident(int fd)
{
	struct stat st;
	if (fstat(fd, &st))
		return -1;
	size_t pages = (st.st_size + 4095) / 4096;
	long in = 0;
	if (!pages)
		return 0;
	unsigned char *vec = malloc(pages);
	void *m = mmap(NULL, st.st_size, PROT_READ, MAP_SHARED, fd, 0);
	if (!vec || m == MAP_FAILED || mincore(m, st.st_size, vec))
		in = -1;
	for (size_t i = 0; in >= 0 && i < pages; i++)
		in += vec[i] & 1;
	if (m != MAP_FAILED)
		munmap(m, st.st_size);
	free(vec);
	return in;
}

int main(int argc, char **argv)
{
	char line[64], buf[4096];
	void *locked = NULL;
	size_t locked_len = 0;
	if (argc != 2)
		return 2;
	int fd = open(argv[1], O_RDWR | O_CREAT, 0644);
	if (fd < 0)
		return 1;
	memset(buf, 'x', sizeof(buf));
	setvbuf(stdout, NULL, _IOLBF, 0);
	while (fgets(line, sizeof(line), stdin)) {
		if (!strcmp(line, "drop\n")) {
			if (posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED))
				return 1;
			printf("dropped\n");
		} else if (!strcmp(line, "read\n")) {
			/* Up to the size, no read at the end: 5.10's read path
			 * adds the page past the end to the cache before it
			 * sees the end, one more miss than the file's pages. */
			struct stat st;
			long total = 0;
			ssize_t n = 0;
			if (fstat(fd, &st))
				return 1;
			while (total < st.st_size && (n = pread(fd, buf, sizeof(buf), total)) > 0)
				total += n;
			if (n < 0)
				return 1;
			printf("read %ld\n", total);
		} else if (!strcmp(line, "readone\n")) {
			/* What came in with it counted at once, before anything
			 * else can evict it. */
			ssize_t n = pread(fd, buf, sizeof(buf), 0);
			long in = n < 0 ? -1 : resident(fd);
			if (in < 0)
				return 1;
			printf("read %ld resident %ld\n", (long)n, in);
		} else if (!strcmp(line, "lock\n")) {
			struct stat st;
			if (locked || fstat(fd, &st) || !st.st_size)
				return 1;
			locked_len = st.st_size;
			locked = mmap(NULL, locked_len, PROT_READ, MAP_SHARED, fd, 0);
			if (locked == MAP_FAILED || mlock(locked, locked_len))
				return 1;
			printf("locked\n");
		} else if (!strcmp(line, "unlock\n")) {
			if (!locked || munmap(locked, locked_len))
				return 1;
			locked = NULL;
			printf("unlocked\n");
		} else if (!strcmp(line, "resident\n")) {
			long in = resident(fd);
			if (in < 0)
				return 1;
			printf("resident %ld\n", in);
		} else if (!strncmp(line, "write ", 6)) {
			long want = atol(line + 6), done = 0;
			while (done < want) {
				size_t chunk = want - done < (long)sizeof(buf) ? (size_t)(want - done) : sizeof(buf);
				memset(buf, 'x', chunk);
				if (pwrite(fd, buf, chunk, done) != (ssize_t)chunk)
					return 1;
				done += chunk;
			}
			printf("wrote %ld\n", done);
		} else if (!strcmp(line, "sync\n")) {
			if (fsync(fd))
				return 1;
			printf("synced\n");
		} else if (!strcmp(line, "fdatasync\n")) {
			if (fdatasync(fd))
				return 1;
			printf("fdatasync\n");
		} else if (!strcmp(line, "msync\n")) {
			void *m = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
			if (m == MAP_FAILED || msync(m, 4096, MS_SYNC))
				return 1;
			munmap(m, 4096);
			printf("msync\n");
		} else if (!strcmp(line, "sync_file_range\n")) {
			if (sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE))
				return 1;
			printf("sync_file_range\n");
		} else if (!strcmp(line, "syncall\n")) {
			sync();
			printf("syncall\n");
		} else if (!strcmp(line, "syncfs\n")) {
			if (syncfs(fd))
				return 1;
			printf("syncedfs\n");
		} else {
			return 2;
		}
	}
	return 0;
}
