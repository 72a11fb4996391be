#include "core/detach.h"

#include <bpf/libbpf.h>
#include <pthread.h>
#include <stdatomic.h>

/* Enough to overlap the grace periods of hundreds of links; each thread
 * only sleeps in the kernel, so more threads than CPUs is right. */
#define DETACH_THREADS 32
/* Below this, a thread costs more than the waits it would overlap. */
#define DETACH_SERIAL_MAX 4

struct work {
	struct bpf_link **links;
	int n;
	atomic_int next;
};

static void *drain(void *arg)
{
	struct work *w = arg;
	for (int i; (i = atomic_fetch_add(&w->next, 1)) < w->n;) {
		bpf_link__destroy(w->links[i]);
		w->links[i] = NULL;
	}
	return NULL;
}

void links_destroy(struct bpf_link **links, int n)
{
	struct work w = { .links = links, .n = n };
	pthread_t t[DETACH_THREADS];
	int started = 0;
	if (n > DETACH_SERIAL_MAX) {
		int want = n / 2 < DETACH_THREADS ? n / 2 : DETACH_THREADS;
		while (started < want && pthread_create(&t[started], NULL, drain, &w) == 0)
			started++;
	}
	/* This thread works too, and alone does it all if no thread started. */
	drain(&w);
	for (int i = 0; i < started; i++)
		pthread_join(t[i], NULL);
}
