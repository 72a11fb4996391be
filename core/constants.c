#include "core/constants.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <netinet/in.h>

/* x86_64 values where the kernel's UAPI and glibc agree (O_LARGEFILE,
 * which they do not, is left out), from the build host's headers. */
#define C(x) { #x, (int64_t)(x) }
static const struct {
	const char *name;
	int64_t value;
} table[] = {
	C(O_RDONLY), C(O_WRONLY), C(O_RDWR), C(O_CREAT), C(O_EXCL), C(O_NOCTTY), C(O_TRUNC), C(O_APPEND),
	C(O_NONBLOCK), C(O_DSYNC), C(O_SYNC), C(O_DIRECTORY), C(O_NOFOLLOW), C(O_CLOEXEC), C(O_DIRECT),
	C(O_NOATIME), C(O_PATH), C(O_TMPFILE), C(AT_FDCWD), C(AT_REMOVEDIR),
	C(AT_SYMLINK_NOFOLLOW), C(AF_UNSPEC), C(AF_UNIX), C(AF_INET), C(AF_INET6), C(AF_NETLINK),
	C(AF_PACKET), C(SOCK_STREAM), C(SOCK_DGRAM), C(SOCK_RAW), C(SOCK_SEQPACKET), C(IPPROTO_TCP),
	C(IPPROTO_UDP), C(IPPROTO_ICMP), C(IPPROTO_ICMPV6), C(SIGHUP), C(SIGINT), C(SIGQUIT), C(SIGILL),
	C(SIGTRAP), C(SIGABRT), C(SIGBUS), C(SIGFPE), C(SIGKILL), C(SIGUSR1), C(SIGSEGV), C(SIGUSR2),
	C(SIGPIPE), C(SIGALRM), C(SIGTERM), C(SIGCHLD), C(SIGCONT), C(SIGSTOP), C(SIGTSTP), C(SIGTTIN),
	C(SIGTTOU), C(SIGURG), C(SIGXCPU), C(SIGXFSZ), C(SIGVTALRM), C(SIGPROF), C(SIGWINCH), C(SIGIO),
	C(SIGSYS), C(EPERM), C(ENOENT), C(ESRCH), C(EINTR), C(EIO), C(ENXIO), C(E2BIG), C(ENOEXEC),
	C(EBADF), C(ECHILD), C(EAGAIN), C(ENOMEM), C(EACCES), C(EFAULT), C(EBUSY), C(EEXIST), C(EXDEV),
	C(ENODEV), C(ENOTDIR), C(EISDIR), C(EINVAL), C(ENFILE), C(EMFILE), C(ENOTTY), C(EFBIG),
	C(ENOSPC), C(ESPIPE), C(EROFS), C(EMLINK), C(EPIPE), C(ERANGE), C(EDEADLK), C(ENAMETOOLONG),
	C(ENOSYS), C(ENOTEMPTY), C(ELOOP), C(ENOTSOCK), C(EADDRINUSE), C(ECONNREFUSED), C(ECONNRESET),
	C(ETIMEDOUT), C(EINPROGRESS), C(EALREADY), C(ENOTCONN), C(EHOSTUNREACH), C(ENETUNREACH),
	C(PROT_NONE), C(PROT_READ), C(PROT_WRITE), C(PROT_EXEC), C(MAP_SHARED), C(MAP_PRIVATE),
	C(MAP_FIXED), C(MAP_ANONYMOUS), C(S_IFMT), C(S_IFREG), C(S_IFDIR), C(S_IFLNK), C(S_IFSOCK),
	C(S_IFIFO), C(S_IFCHR), C(S_IFBLK),
	/* Kernel macros that have stayed put (GFP flags have not: they are
	 * left to the kernel's own enumerators where it has them). */
	{ "TASK_RUNNING", 0 }, { "TASK_INTERRUPTIBLE", 1 }, { "TASK_UNINTERRUPTIBLE", 2 },
	{ "PAGE_SIZE", 4096 },
};

int constant_lookup(const char *name, bool nocase, int64_t *value)
{
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (nocase ? !strcasecmp(table[i].name, name) : !strcmp(table[i].name, name)) {
			*value = table[i].value;
			return 0;
		}
	return -ENOENT;
}

/* In the kernel's order: include/uapi/linux/capability.h. */
static const char *const cap_names[] = {
	"CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL",
	"CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE",
	"CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE",
	"CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT",
	"CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE",
	"CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN",
	"CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF",
	"CAP_CHECKPOINT_RESTORE",
};

const char *constant_capability(int cap)
{
	return cap >= 0 && cap < (int)(sizeof(cap_names) / sizeof(cap_names[0])) ? cap_names[cap] : NULL;
}
