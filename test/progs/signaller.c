/* Workload for sigsnoop -k: waits for a byte on stdin, then sends
 *   SIGUSR1 with kill() to a child waiting for it (result 0),
 *   SIGTERM with kill() to a child already reaped (result -ESRCH),
 *   SIGUSR2 with tgkill() to a second thread of its own, ignoring it
 *     (result 0, the kernel's "ignored"), and
 *   SIGUSR2 with sigqueue() (rt_sigqueueinfo, no kill call) to itself,
 * and prints "ok CHILD", "gone CHILD" and "self PID TID" (TID: that
 * thread's). */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static int done[2];
static pid_t thread_tid;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t started = PTHREAD_COND_INITIALIZER;

static void *wait_done(void *arg)
{
	pthread_mutex_lock(&lock);
	thread_tid = syscall(SYS_gettid);
	pthread_cond_signal(&started);
	pthread_mutex_unlock(&lock);
	char c;
	return read(done[0], &c, 1) < 0 ? arg : NULL;
}

int main(void)
{
	char c;
	if (read(0, &c, 1) < 0)
		return 1;
	signal(SIGUSR2, SIG_IGN);
	pid_t gone = fork();
	if (gone == 0)
		_exit(0);
	waitpid(gone, NULL, 0);
	pid_t child = fork();
	if (child == 0) {
		pause();
		_exit(0);
	}
	pthread_t t;
	if (pipe(done) || pthread_create(&t, NULL, wait_done, NULL))
		return 1;
	pthread_mutex_lock(&lock);
	while (!thread_tid)
		pthread_cond_wait(&started, &lock);
	pthread_mutex_unlock(&lock);
	pid_t self = getpid(), tid = thread_tid;
	printf("ok %d\ngone %d\nself %d %d\n", child, gone, self, tid);
	fflush(stdout);
	kill(child, SIGUSR1);
	kill(gone, SIGTERM);
	syscall(SYS_tgkill, self, tid, SIGUSR2);
	sigqueue(self, SIGUSR2, (union sigval){ .sival_int = 1 });
	if (write(done[1], "", 1) != 1 || pthread_join(t, NULL))
		return 1;
	waitpid(child, NULL, 0);
	return 0;
}
