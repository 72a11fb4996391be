/* Workload: waits for a byte on stdin, then in DIR (argv[1]) with names
 * starting PREFIX (argv[2]) renames and deletes files and directories
 * through each system call that can: rename, renameat, renameat2, unlink,
 * unlinkat, rmdir (with a trailing '/'), unlinkat(AT_REMOVEDIR), and one
 * unlink that fails (ENOENT).  Prints "ok" when all went as planned. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static const char *dir, *prefix;

static const char *at(const char *suffix, const char *tail)
{
	static char buf[2][4096];
	static int i;
	i ^= 1;
	snprintf(buf[i], sizeof(buf[i]), "%s/%s-%s%s", dir, prefix, suffix, tail);
	return buf[i];
}

static const char *rel(const char *suffix)
{
	static char buf[2][4096];
	static int i;
	i ^= 1;
	snprintf(buf[i], sizeof(buf[i]), "%s-%s", prefix, suffix);
	return buf[i];
}

static int make(const char *path)
{
	int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
	return fd < 0 ? -1 : close(fd);
}

int main(int argc, char **argv)
{
	char c;
	if (argc < 3 || read(0, &c, 1) < 0)
		return 1;
	dir = argv[1], prefix = argv[2];
	int dfd = open(dir, O_RDONLY | O_DIRECTORY);
	if (dfd < 0 || make(at("a", "")))
		return 1;
	if (syscall(SYS_rename, at("a", ""), at("b", "")) || renameat(dfd, rel("b"), dfd, rel("c")) ||
	    syscall(SYS_unlink, at("c", "")))
		return 1;
	if (make(at("d", "")) || unlinkat(dfd, rel("d"), 0))
		return 1;
	if (mkdir(at("e", ""), 0755) || syscall(SYS_rmdir, at("e", "/")))
		return 1;
	if (mkdirat(dfd, rel("f"), 0755) || unlinkat(dfd, rel("f"), AT_REMOVEDIR))
		return 1;
	if (syscall(SYS_unlink, at("missing", "")) == 0)
		return 1;
	if (make(at("g", "")) || syscall(SYS_renameat2, dfd, rel("g"), dfd, rel("h"), 0) ||
	    syscall(SYS_unlink, at("h", "")))
		return 1;
	puts("ok");
	return 0;
}
