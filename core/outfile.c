/* Opening a file a tool writes at its end (a flame graph, a pprof profile)
 * before it traces, with the care a path in /tmp needs. */
#include "core/outfile.h"

#include "core/log.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int outfile_open(const char *path, const char *what)
{
	const char *slash = strrchr(path, '/'), *base = slash ? slash + 1 : path;
	char dir[4096];
	snprintf(dir, sizeof(dir), "%.*s", slash ? (slash == path ? 1 : (int)(slash - path)) : 1, slash ? path : ".");
	if (!*base) {
		log_err("cannot write %s %s: %s", what, path, strerror(EISDIR));
		return -EISDIR;
	}
	/* In a directory anyone may write to (/tmp), a name is anyone's to
	 * plant: a symlink there is not followed, and a file there must be
	 * ours, whatever fs.protected_symlinks and protected_regular say. */
	int dfd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC), err = 0;
	struct stat ds, st;
	if (dfd < 0 || fstat(dfd, &ds)) {
		err = -errno;
		log_err("cannot write %s %s: %s", what, path, strerror(errno));
		if (dfd >= 0)
			close(dfd);
		return err;
	}
	bool shared = (ds.st_mode & S_ISVTX) && (ds.st_mode & S_IWOTH);
	/* Not truncated yet: a run that fails leaves an older file as it
	 * was.  O_NONBLOCK: a FIFO with no reader fails here, not hangs. */
	int fd = openat(dfd, base, O_WRONLY | O_CREAT | O_CLOEXEC | O_NONBLOCK | (shared ? O_NOFOLLOW : 0), 0666);
	err = fd < 0 ? -errno : 0;
	close(dfd);
	if (fd >= 0 && fstat(fd, &st))
		err = -errno;
	if (err == -ELOOP && shared)
		log_err("cannot write %s %s: it is a symbolic link in a world-writable sticky directory "
			"(not followed)",
			what, path);
	else if (err == -ENXIO)
		log_err("cannot write %s %s: a FIFO nothing reads", what, path);
	else if (err)
		log_err("cannot write %s %s: %s", what, path, strerror(-err));
	else if (shared && S_ISREG(st.st_mode) && st.st_uid != geteuid()) {
		log_err("cannot write %s %s: it is owned by uid %u in a world-writable sticky directory", what,
			path, (unsigned)st.st_uid);
		err = -EPERM;
	} else if (fcntl(fd, F_SETFL, 0)) {
		err = -errno;
		log_err("cannot write %s %s: %s", what, path, strerror(errno));
	}
	if (err && fd >= 0)
		close(fd);
	return err ? err : fd;
}

int outfile_rewind(int fd)
{
	struct stat st;
	if (!fstat(fd, &st) && S_ISREG(st.st_mode) && (ftruncate(fd, 0) || lseek(fd, 0, SEEK_SET)))
		return -errno;
	return 0;
}
