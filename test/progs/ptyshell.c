/* Workload for bashreadline: an interactive shell under a pseudo-terminal,
 * as a user at a terminal has it.  ptyshell SHELL LINE...: waits for a
 * byte on stdin, starts SHELL --norc --noprofile -i on a new terminal
 * (prints "shell PID"), types each LINE, then "exit", reading what the
 * shell writes so none of its writes waits; prints "done STATUS" once the
 * shell has ended.  Bounded: 20 s, then the shell is killed. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

static int type_line(int master, const char *s)
{
	size_t n = strlen(s);
	return write(master, s, n) == (ssize_t)n && write(master, "\n", 1) == 1 ? 0 : -1;
}

int main(int argc, char **argv)
{
	char c;
	if (argc < 2)
		return 2;
	if (read(0, &c, 1) < 0)
		return 1;
	int master = posix_openpt(O_RDWR | O_NOCTTY);
	if (master < 0 || grantpt(master) || unlockpt(master))
		return perror("ptmx"), 1;
	const char *slave = ptsname(master);
	pid_t pid = fork();
	if (pid < 0)
		return perror("fork"), 1;
	if (pid == 0) {
		setsid();
		int fd = open(slave, O_RDWR);
		if (fd < 0)
			_exit(126);
		dup2(fd, 0), dup2(fd, 1), dup2(fd, 2);
		if (fd > 2)
			close(fd);
		char *envp[] = { "TERM=dumb", "HOME=/nonexistent", "PS1=$ ", "PATH=/usr/bin:/bin", NULL };
		execle(argv[1], argv[1], "--norc", "--noprofile", "-i", (char *)NULL, envp);
		_exit(127);
	}
	printf("shell %d\n", pid);
	fflush(stdout);
	/* Typed ahead: the terminal keeps the lines until readline reads them. */
	for (int i = 2; i < argc; i++)
		if (type_line(master, argv[i]))
			return perror("write"), 1;
	if (type_line(master, "exit"))
		return perror("write"), 1;
	time_t end = time(NULL) + 20;
	int status = -1;
	for (;;) {
		struct pollfd p = { .fd = master, .events = POLLIN };
		char buf[4096];
		if (poll(&p, 1, 100) > 0 && read(master, buf, sizeof(buf)) <= 0) {
			/* The terminal closed: the shell is gone or going. */
		}
		if (waitpid(pid, &status, WNOHANG) == pid)
			break;
		if (time(NULL) >= end) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			fprintf(stderr, "ptyshell: the shell did not exit within 20 s\n");
			return 1;
		}
	}
	printf("done %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
	return 0;
}
