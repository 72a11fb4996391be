/* Workload for ttysnoop: opens a pseudo-terminal, prints "pts N" and
 * "ready", waits for a byte on stdin, then writes known text to the
 * terminal's slave side: one short line, then 600 bytes in one write(2)
 * (three 256-byte records for ttysnoop's defaults), then "bye\n", reading
 * the master side so no write waits.  Prints "done" at the end. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

static void drain(int master)
{
	char buf[4096];
	while (read(master, buf, sizeof(buf)) > 0)
		;
}

static int put(int fd, const char *s, size_t n)
{
	return write(fd, s, n) == (ssize_t)n ? 0 : -1;
}

int main(void)
{
	int master = posix_openpt(O_RDWR | O_NOCTTY);
	if (master < 0 || grantpt(master) || unlockpt(master))
		return perror("ptmx"), 1;
	const char *name = ptsname(master);
	int slave = open(name, O_RDWR | O_NOCTTY);
	if (slave < 0)
		return perror(name), 1;
	struct termios tio;
	tcgetattr(slave, &tio);
	cfmakeraw(&tio);
	tcsetattr(slave, TCSANOW, &tio);
	fcntl(master, F_SETFL, O_NONBLOCK);
	printf("pts %s\nready\n", name + strlen("/dev/pts/"));
	fflush(stdout);
	char c;
	if (read(0, &c, 1) < 0)
		return 1;
	char big[600];
	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = 'a' + i % 26;
	big[sizeof(big) - 1] = '\n';
	if (put(slave, "hello from ptywriter\n", 21))
		return perror("write"), 1;
	drain(master);
	if (put(slave, big, sizeof(big)))
		return perror("write"), 1;
	drain(master);
	if (put(slave, "bye\n", 4))
		return perror("write"), 1;
	drain(master);
	printf("done\n");
	return 0;
}
