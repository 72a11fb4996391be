/* Workload for statsnoop: waits for a byte on stdin, then asks about each
 * path given with each stat-family system call, by number (glibc's stat()
 * is newfstatat underneath): stat, lstat, newfstatat, statx, statfs; prints
 * "CALL PATH RESULT" for each, RESULT 0 or the errno. */
#include <errno.h>
#include <fcntl.h>
#include <linux/stat.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	char c;
	struct stat st;
	struct statx stx;
	struct statfs sfs;
	if (read(0, &c, 1) < 0)
		return 1;
	for (int i = 1; i < argc; i++) {
		const char *p = argv[i];
		long r[5] = {
			syscall(SYS_stat, p, &st),
			syscall(SYS_lstat, p, &st),
			syscall(SYS_newfstatat, AT_FDCWD, p, &st, 0),
			syscall(SYS_statx, AT_FDCWD, p, 0, STATX_BASIC_STATS, &stx),
			syscall(SYS_statfs, p, &sfs),
		};
		static const char *const names[5] = { "newstat", "newlstat", "newfstatat", "statx", "statfs" };
		for (int k = 0; k < 5; k++)
			printf("%s %s %d\n", names[k], p, r[k] < 0 ? errno : 0);
	}
	return 0;
}
