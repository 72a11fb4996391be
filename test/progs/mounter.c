/* Workload for mountsnoop: waits for a byte on stdin, then mounts a tmpfs
 * named SOURCE on TARGET (nosuid, nodev, noexec; "size=1m,mode=700"),
 * unmounts it (MNT_DETACH), then tries to mount one on TARGET/missing;
 * prints each result, 0 or the errno.  With -n first, the same tmpfs by the
 * new mount API instead: fsopen, fsconfig (source, size, create), fsmount,
 * move_mount onto TARGET, then umount2 (MNT_DETACH); fsopen's and fsmount's
 * lines give the descriptor they returned. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/syscall.h>
#include <stdio.h>
#include <sys/mount.h>
#include <unistd.h>

static int new_api(const char *source, const char *target)
{
	int fd = syscall(SYS_fsopen, "tmpfs", 1 /* FSOPEN_CLOEXEC */);
	printf("fsopen %d\n", fd < 0 ? -errno : fd);
	if (fd < 0)
		return 1;
	long r = syscall(SYS_fsconfig, fd, 1 /* FSCONFIG_SET_STRING */, "source", source, 0);
	printf("fsconfig %d\n", r ? errno : 0);
	r = syscall(SYS_fsconfig, fd, 1, "size", "1m", 0);
	printf("fsconfig %d\n", r ? errno : 0);
	r = syscall(SYS_fsconfig, fd, 6 /* FSCONFIG_CMD_CREATE */, NULL, NULL, 0);
	printf("fsconfig %d\n", r ? errno : 0);
	int mfd = syscall(SYS_fsmount, fd, 1 /* FSMOUNT_CLOEXEC */, 4 /* MOUNT_ATTR_NODEV */);
	printf("fsmount %d\n", mfd < 0 ? -errno : mfd);
	if (mfd < 0)
		return 1;
	r = syscall(SYS_move_mount, mfd, "", AT_FDCWD, target, 4 /* MOVE_MOUNT_F_EMPTY_PATH */);
	printf("move_mount %d\n", r ? errno : 0);
	r = umount2(target, MNT_DETACH);
	printf("umount %d\n", r ? errno : 0);
	return 0;
}

int main(int argc, char **argv)
{
	char c, missing[4096];
	if (argc == 4 && !strcmp(argv[1], "-n"))
		return read(0, &c, 1) < 0 ? 2 : new_api(argv[2], argv[3]);
	if (argc != 3 || read(0, &c, 1) < 0)
		return 2;
	int r = mount(argv[1], argv[2], "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=1m,mode=700");
	printf("mount %d\n", r ? errno : 0);
	r = umount2(argv[2], MNT_DETACH);
	printf("umount %d\n", r ? errno : 0);
	snprintf(missing, sizeof(missing), "%s/missing", argv[2]);
	r = mount(argv[1], missing, "tmpfs", 0, NULL);
	printf("mount %d\n", r ? errno : 0);
	return 0;
}
