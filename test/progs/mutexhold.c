/* Workload for klockstat: K threads that wait a known time for one kernel
 * mutex (mutexhold K HOLD_MS), or with FILE (mutexhold K HOLD_MS FILE) for
 * one rwsem: the writes go to FILE, created, whose inode's i_rwsem the
 * write holds (down_write) while it faults the buffer in.  Each writer
 * opens FILE itself: writes through one open file would queue on that
 * file's position lock (a mutex) first.  A holder thread writes a page to a pipe
 * from a buffer whose page userfaultfd keeps missing: pipe_write faults
 * with the pipe's mutex held and sleeps there.  Then K writer threads each
 * write a byte to the same pipe and sleep on the mutex (state D, read from
 * /proc/self/task/TID/stat); after HOLD_MS more the page is supplied, the
 * holder finishes and the writers get the mutex one by one: K contended
 * waits of at least HOLD_MS each, and one hold of at least HOLD_MS.
 * Prints "holder TID" and "writer TID" lines, waits for a line on stdin,
 * works, prints "done", then runs until the next line. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/userfaultfd.h>
#include <poll.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define MAX_WRITERS 16
#define PAGE 4096

/* The threads are released by semaphores (futexes): a pipe would add
 * pipe_write acquisitions of its own. */
static int pfd[2];
static sem_t hold_gate, write_gate;
static char *missing;
static pid_t tids[MAX_WRITERS + 1];
static const char *file;

static void die(const char *what)
{
	perror(what);
	exit(1);
}

static void *holder(void *arg)
{
	tids[0] = syscall(SYS_gettid);
	while (sem_wait(&hold_gate))
		;
	if (write(pfd[1], missing, PAGE) != PAGE)
		die("holder write");
	return arg;
}

static void *writer(void *arg)
{
	long i = (long)arg;
	int fd = file ? open(file, O_WRONLY | O_CLOEXEC) : pfd[1];
	if (fd < 0)
		die(file);
	tids[i] = syscall(SYS_gettid);
	while (sem_wait(&write_gate))
		;
	if (write(fd, "x", 1) != 1)
		die("writer write");
	return arg;
}

static char task_state(pid_t tid)
{
	char path[64], buf[512];
	snprintf(path, sizeof(path), "/proc/self/task/%d/stat", tid);
	FILE *f = fopen(path, "r");
	if (!f)
		return '?';
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = 0;
	char *p = strrchr(buf, ')');
	return p && p[1] ? p[2] : '?';
}

static void wait_state_d(pid_t tid)
{
	for (int i = 0; i < 20000 && task_state(tid) != 'D'; i++)
		usleep(500);
	if (task_state(tid) != 'D')
		die("a writer never slept on the lock");
}

int main(int argc, char **argv)
{
	int k = argc > 1 ? atoi(argv[1]) : 4, hold_ms = argc > 2 ? atoi(argv[2]) : 50;
	pthread_t th[MAX_WRITERS + 1];
	char line[64];
	if (k < 1 || k > MAX_WRITERS)
		die("K");
	file = argc > 3 ? argv[3] : NULL;
	if (file && (pfd[1] = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)) < 0)
		die(file);
	if ((argc <= 3 && pipe(pfd)) || sem_init(&hold_gate, 0, 0) || sem_init(&write_gate, 0, 0))
		die("pipe");
	int uffd = syscall(SYS_userfaultfd, O_CLOEXEC);
	if (uffd < 0)
		die("userfaultfd");
	struct uffdio_api api = { .api = UFFD_API };
	if (ioctl(uffd, UFFDIO_API, &api))
		die("UFFDIO_API");
	missing = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (missing == MAP_FAILED)
		die("mmap");
	struct uffdio_register reg = { .range = { (unsigned long)missing, PAGE }, .mode = UFFDIO_REGISTER_MODE_MISSING };
	if (ioctl(uffd, UFFDIO_REGISTER, &reg))
		die("UFFDIO_REGISTER");
	static char page[PAGE];
	memset(page, 'p', sizeof(page));

	/* Every thread exists before the tool starts: their creation's
	 * locking is not the test's. */
	if (pthread_create(&th[0], NULL, holder, NULL))
		die("pthread_create");
	for (long i = 1; i <= k; i++)
		if (pthread_create(&th[i], NULL, writer, (void *)i))
			die("pthread_create");
	while (!tids[0])
		usleep(1000);
	for (int i = 1; i <= k; i++)
		while (!tids[i])
			usleep(1000);
	printf("holder %d\n", tids[0]);
	for (int i = 1; i <= k; i++)
		printf("writer %d\n", tids[i]);
	fflush(stdout);
	if (!fgets(line, sizeof(line), stdin))
		return 2;

	sem_post(&hold_gate);
	struct uffd_msg msg;
	if (read(uffd, &msg, sizeof(msg)) != sizeof(msg) || msg.event != UFFD_EVENT_PAGEFAULT)
		die("userfault");
	/* The holder sleeps in the fault, the pipe's mutex held. */
	for (int i = 1; i <= k; i++)
		sem_post(&write_gate);
	for (int i = 1; i <= k; i++)
		wait_state_d(tids[i]);
	struct timespec ts = { hold_ms / 1000, (hold_ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
	struct uffdio_copy copy = { .dst = (unsigned long)missing, .src = (unsigned long)page, .len = PAGE };
	if (ioctl(uffd, UFFDIO_COPY, &copy))
		die("UFFDIO_COPY");
	for (int i = 0; i <= k; i++)
		pthread_join(th[i], NULL);
	printf("done\n");
	fflush(stdout);
	if (!fgets(line, sizeof(line), stdin))
		return 2;
	return 0;
}
