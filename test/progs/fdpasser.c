/* Passes descriptors over a unix socket pair, for sofdsnoop's test:
 *   fdpasser DIR N   opens DIR/fdpass-0..N-1, prints its sockets
 *                    ("sock FD INODE" for the sender's end, then the
 *                    receiver's), and after a line on stdin sends the N in
 *                    one message and one more (DIR/fdpass-0 again) in a
 *                    second, receiving each before the next; prints what it
 *                    sent and got, and exits after a second line.
 *   fdpasser DIR N mmsg   the same two messages in one sendmmsg(), received
 *                    with one recvmmsg() (over datagram sockets, which keep
 *                    them apart). */
#define _GNU_SOURCE /* sendmmsg, recvmmsg */
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX 64

union control {
	char buf[CMSG_SPACE(MAX * sizeof(int))];
	struct cmsghdr align;
};

/* The N descriptors of fds into message m, with its one byte. */
static void rights(struct msghdr *m, struct iovec *iov, union control *u, const int *fds, int n)
{
	*m = (struct msghdr){ .msg_iov = iov, .msg_iovlen = 1, .msg_control = u->buf,
			      .msg_controllen = CMSG_SPACE(n * sizeof(int)) };
	struct cmsghdr *c = CMSG_FIRSTHDR(m);
	c->cmsg_level = SOL_SOCKET, c->cmsg_type = SCM_RIGHTS, c->cmsg_len = CMSG_LEN(n * sizeof(int));
	memcpy(CMSG_DATA(c), fds, n * sizeof(int));
}

static int pass(int tx, int rx, const int *fds, int n, int *got)
{
	union control u;
	char byte = 'x';
	struct iovec iov = { &byte, 1 };
	struct msghdr m;
	rights(&m, &iov, &u, fds, n);
	if (sendmsg(tx, &m, 0) != 1)
		return -1;
	m.msg_controllen = sizeof(u.buf);
	struct cmsghdr *c;
	if (recvmsg(rx, &m, 0) != 1 || !(c = CMSG_FIRSTHDR(&m)) || c->cmsg_type != SCM_RIGHTS ||
	    c->cmsg_len != CMSG_LEN(n * sizeof(int)))
		return -1;
	memcpy(got, CMSG_DATA(c), n * sizeof(int));
	return 0;
}

/* Both messages (n descriptors, then fds[n]) in one call each way. */
static int pass_mmsg(int tx, int rx, const int *fds, int n, int *got)
{
	union control u[2];
	char bytes[2] = { 'x', 'y' };
	struct iovec iov[2] = { { &bytes[0], 1 }, { &bytes[1], 1 } };
	struct mmsghdr v[2];
	memset(v, 0, sizeof(v));
	rights(&v[0].msg_hdr, &iov[0], &u[0], fds, n);
	rights(&v[1].msg_hdr, &iov[1], &u[1], fds + n, 1);
	if (sendmmsg(tx, v, 2, 0) != 2)
		return -1;
	for (int i = 0; i < 2; i++)
		v[i].msg_hdr.msg_controllen = sizeof(u[i].buf);
	if (recvmmsg(rx, v, 2, 0, NULL) != 2)
		return -1;
	for (int i = 0; i < 2; i++) {
		struct cmsghdr *c = CMSG_FIRSTHDR(&v[i].msg_hdr);
		int k = i ? 1 : n;
		if (!c || c->cmsg_type != SCM_RIGHTS || c->cmsg_len != CMSG_LEN(k * sizeof(int)))
			return -1;
		memcpy(got + (i ? n : 0), CMSG_DATA(c), k * sizeof(int));
	}
	return 0;
}

/* A line of stdin (the test's poke). */
static int gate(void)
{
	char c;
	while (read(0, &c, 1) == 1)
		if (c == '\n')
			return 0;
	return -1;
}

int main(int argc, char **argv)
{
	int n = argc > 2 ? atoi(argv[2]) : 0, sv[2], fds[MAX + 1], got[MAX + 1];
	char path[4096];
	bool mmsg = argc > 3 && !strcmp(argv[3], "mmsg");
	if (n < 1 || n > MAX || socketpair(AF_UNIX, mmsg ? SOCK_DGRAM : SOCK_STREAM, 0, sv))
		return 2;
	for (int i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/fdpass-%d", argv[1], i);
		if ((fds[i] = open(path, O_RDWR | O_CREAT, 0600)) < 0)
			return perror(path), 1;
	}
	fds[n] = fds[0];
	for (int i = 0; i < 2; i++) {
		struct stat st;
		fstat(sv[i], &st);
		printf("sock %d %lu\n", sv[i], (unsigned long)st.st_ino);
	}
	fflush(stdout);
	if (gate() || (mmsg ? pass_mmsg(sv[0], sv[1], fds, n, got)
			    : pass(sv[0], sv[1], fds, n, got) || pass(sv[0], sv[1], fds + n, 1, got + n)))
		return 1;
	printf("sent");
	for (int i = 0; i <= n; i++)
		printf(" %d", fds[i]);
	printf("\ngot");
	for (int i = 0; i <= n; i++)
		printf(" %d", got[i]);
	printf("\n");
	fflush(stdout);
	return gate() ? 1 : 0;
}
