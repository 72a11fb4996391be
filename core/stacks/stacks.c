#include "core/stacks/stacks.h"

#include "core/stacks/symbols.h"

#include <bpf/bpf.h>
#include <errno.h>
#include <linux/types.h>
#include <stdlib.h>
#include <string.h>

#include "probes/lib/stacks.h"

static int by_count(const void *a, const void *b)
{
	const struct stack_record *x = a, *y = b;
	return x->count < y->count ? -1 : x->count > y->count;
}

void stacks_preload_new(int fd, struct symbols *syms)
{
	__u32 pids[256], key, *prev = NULL;
	int n = 0;
	/* A few at a time: deleting while walking would restart the walk. */
	while (n < (int)(sizeof(pids) / sizeof(pids[0])) && bpf_map_get_next_key(fd, prev, &key) == 0) {
		pids[n] = key;
		prev = &pids[n++];
	}
	for (int i = 0; i < n; i++) {
		bpf_map_delete_elem(fd, &pids[i]);
		symbols_preload(syms, (int)pids[i]);
	}
}

int stacks_walk(int fd, int64_t id, uint64_t *ips)
{
	__u64 raw[STACK_MAX_DEPTH] = { 0 };
	if (id < 0 || bpf_map_lookup_elem(fd, &id, raw))
		return 0;
	int n = 0;
	while (n < STACK_MAX_DEPTH && raw[n])
		ips[n] = raw[n], n++;
	return n;
}

int stacks_read(int counts_fd, int traces_fd, bool clear, struct stack_record **out)
{
	size_t n = 0, cap = 64;
	struct stack_record *v = malloc(cap * sizeof(*v));
	struct stack_key key, *prev = NULL, *keys = malloc(cap * sizeof(*keys));
	if (!v || !keys) {
		free(v);
		free(keys);
		return -ENOMEM;
	}
	while (bpf_map_get_next_key(counts_fd, prev, &key) == 0) {
		if (n == cap) {
			cap *= 2;
			struct stack_record *nv = realloc(v, cap * sizeof(*v));
			struct stack_key *nk = realloc(keys, cap * sizeof(*keys));
			if (nv)
				v = nv;
			if (nk)
				keys = nk;
			if (!nv || !nk)
				break;
		}
		struct stack_val val;
		keys[n] = key;
		prev = &keys[n];
		if (bpf_map_lookup_elem(counts_fd, &key, &val))
			continue;
		struct stack_record *r = &v[n++];
		r->count = val.count;
		r->tgid = key.tgid;
		r->pid = val.pid;
		memcpy(r->comm, key.comm, sizeof(r->comm));
		r->comm[15] = 0;
		r->kstack_id = key.kstack;
		r->ustack_id = key.ustack;
		r->nk = stacks_walk(traces_fd, key.kstack, r->kips);
		r->nu = stacks_walk(traces_fd, key.ustack, r->uips);
		/* The caller of a function probed at its entry is missing from
		 * the frame-pointer walk: put it back (see probes/lib/stacks.h). */
		if (key.uret && r->nu >= 1 && r->nu < STACKS_MAX_DEPTH && (r->nu < 2 || r->uips[1] != key.uret)) {
			memmove(&r->uips[2], &r->uips[1], (r->nu - 1) * sizeof(r->uips[0]));
			r->uips[1] = key.uret;
			r->nu++;
		}
	}
	if (clear) {
		/* Stack ids are shared between keys: delete them only once. */
		for (size_t i = 0; i < n; i++) {
			bpf_map_delete_elem(counts_fd, &keys[i]);
			for (int which = 0; which < 2; which++) {
				int64_t id = which ? keys[i].ustack : keys[i].kstack;
				if (id >= 0)
					bpf_map_delete_elem(traces_fd, &id);
			}
		}
	}
	free(keys);
	qsort(v, n, sizeof(*v), by_count);
	*out = v;
	return (int)n;
}
