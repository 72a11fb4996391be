#include "core/stacks/wakeups.h"

#include <bpf/bpf.h>
#include <errno.h>
#include <linux/types.h>
#include <stdlib.h>
#include <string.h>

#include "probes/lib/wakeup.h"

static int by_us(const void *a, const void *b)
{
	const struct wakeup_record *x = a, *y = b;
	return x->us < y->us ? -1 : x->us > y->us;
}

static void fill(struct stack_record *r, int traces_fd, int64_t kid, int64_t uid, uint32_t pid, const char *comm)
{
	r->kstack_id = kid;
	r->ustack_id = uid;
	r->pid = r->tgid = pid;
	memcpy(r->comm, comm, sizeof(r->comm));
	r->comm[15] = 0;
	r->nk = stacks_walk(traces_fd, kid, r->kips);
	r->nu = stacks_walk(traces_fd, uid, r->uips);
}

int wakeups_read(int counts_fd, int traces_fd, struct wakeup_record **out)
{
	size_t n = 0, cap = 32;
	struct wakeup_record *v = malloc(cap * sizeof(*v));
	struct wakeup_key key, *prev = NULL, last;
	if (!v)
		return -ENOMEM;
	while (bpf_map_get_next_key(counts_fd, prev, &key) == 0) {
		last = key;
		prev = &last;
		__u64 us;
		if (bpf_map_lookup_elem(counts_fd, &key, &us))
			continue;
		if (n == cap) {
			struct wakeup_record *nv = realloc(v, (cap *= 2) * sizeof(*v));
			if (!nv)
				break;
			v = nv;
		}
		struct wakeup_record *r = &v[n++];
		memset(r, 0, sizeof(*r));
		r->us = us;
		memcpy(r->waker, key.waker, 16);
		memcpy(r->target, key.target, 16);
		r->waker[15] = r->target[15] = 0;
		r->tgid = key.tgid;
		r->w_tgid = key.w_tgid;
		fill(&r->t, traces_fd, key.t_kstack, key.t_ustack, key.tgid, key.target);
		fill(&r->w, traces_fd, key.w_kstack, key.w_ustack, key.w_tgid, key.waker);
	}
	qsort(v, n, sizeof(*v), by_us);
	*out = v;
	return (int)n;
}
