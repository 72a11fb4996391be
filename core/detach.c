#include "core/detach.h"

#include <bpf/libbpf.h>
#include <pthread.h>
#include <stdatomic.h>
#include <unistd.h>

/* Enough to overlap the grace periods of hundreds of links; each thread
 * only sleeps in the kernel, so more threads than CPUs is right. */
#define DETACH_THREADS 32
/* Below this, a thread costs more than the waits it would overlap. */
#define DETACH_SERIAL_MAX 4

struct work {
	struct bpf_link **links; /* or */
	int *fds;
	int n;
	atomic_int next;
};

static void *drain(void *arg)
{
	struct work *w = arg;
	for (int i; (i = atomic_fetch_add(&w->next, 1)) < w->n;) {
		if (w->links) {
			bpf_link__destroy(w->links[i]);
			w->links[i] = NULL;
		} else if (w->fds[i] >= 0) {
			close(w->fds[i]);
			w->fds[i] = -1;
		}
	}
	return NULL;
}

static void run(struct work *w)
{
	pthread_t t[DETACH_THREADS];
	int started = 0;
	if (w->n > DETACH_SERIAL_MAX) {
		int want = w->n / 2 < DETACH_THREADS ? w->n / 2 : DETACH_THREADS;
		while (started < want && pthread_create(&t[started], NULL, drain, w) == 0)
			started++;
	}
	/* This thread works too, and alone does it all if no thread started. */
	drain(w);
	for (int i = 0; i < started; i++)
		pthread_join(t[i], NULL);
}

void links_destroy(struct bpf_link **links, int n)
{
	struct work w = { .links = links, .n = n };
	run(&w);
}

void links_destroy_serially(struct bpf_link **links, int n)
{
	for (int i = 0; i < n; i++) {
		bpf_link__destroy(links[i]);
		links[i] = NULL;
	}
}

void fds_close(int *fds, int n)
{
	struct work w = { .fds = fds, .n = n };
	run(&w);
}
