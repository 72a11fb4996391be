/* bpfkit run's event maps: every ring buffer through one libbpf ring
 * manager, each perf event array through a perf buffer of its own; each
 * record printed as it comes, field by field from its BTF type, with the
 * frames of its stack ids under it. */
#include "cmd/run.h"
#include "core/log.h"
#include "histo/json.h"

#include <bpf/libbpf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct run_events {
	struct run *r;
	struct ring_buffer *rb;
	struct perf_buffer *pb[RUN_MAX_MAPS];
	struct { struct run_events *e; struct run_map *m; } ctx[RUN_MAX_MAPS];
	int npb;
	int budget; /* records left in this round */
};

/* Records printed per round before the loop looks at the clock and at
 * Ctrl-C again: an object that sees the writes of this very printing (no
 * self_tgid) would otherwise keep one round going for ever. */
#define ROUND_RECORDS 4096

static void print_record(struct run_events *e, struct run_map *m, const void *data, size_t size)
{
	struct run *r = e->r;
	int pid = run_record_pid(r, m->vcols, m->nv, data, size);
	if (r->json) {
		struct json j;
		json_init(&j, stdout, false);
		json_object(&j, NULL);
		json_str(&j, "map", m->name);
		json_object(&j, "event");
		for (int c = 0; c < m->nv; c++)
			btfprint_col_json(&j, r->btf, &m->vcols[c], data, size);
		for (int c = 0; c < m->nv; c++) {
			bool kern, sgn;
			int64_t id;
			if (run_stack_col(&m->vcols[c], &kern) &&
			    btfprint_col_int(r->btf, &m->vcols[c], data, size, &id, &sgn))
				run_print_stack(r, &j, m->vcols[c].name, id, kern, pid);
		}
		json_line_end(&j);
		fflush(stdout);
		return;
	}
	if (r->nevents > 1)
		printf("%s: ", m->name);
	for (int c = 0; c < m->nv; c++) {
		char cell[512];
		btfprint_col_text(r->btf, &m->vcols[c], data, size, cell, sizeof(cell));
		printf("%s%s=%s", c ? " " : "", m->vcols[c].name, cell);
	}
	putchar('\n');
	for (int c = 0; c < m->nv; c++) {
		bool kern, sgn;
		int64_t id;
		if (run_stack_col(&m->vcols[c], &kern) && btfprint_col_int(r->btf, &m->vcols[c], data, size, &id, &sgn))
			run_print_stack(r, NULL, m->vcols[c].name, id, kern, pid);
	}
	fflush(stdout);
}

static int on_ring(void *ctx, void *data, size_t size)
{
	typeof(((struct run_events *)0)->ctx[0]) *c = ctx;
	print_record(c->e, c->m, data, size);
	/* Negative: libbpf stops the round, this record consumed. */
	return --c->e->budget > 0 ? 0 : -EAGAIN;
}

static void on_perf(void *ctx, int cpu, void *data, __u32 size)
{
	typeof(((struct run_events *)0)->ctx[0]) *c = ctx;
	print_record(c->e, c->m, data, size);
}

static void on_lost(void *ctx, int cpu, __u64 n)
{
	typeof(((struct run_events *)0)->ctx[0]) *c = ctx;
	log_warn("map %s: %llu records lost on CPU %d (the buffer was full)", c->m->name, (unsigned long long)n, cpu);
}

int run_events_open(struct run *r, struct run_events **out)
{
	struct run_events *e = calloc(1, sizeof(*e));
	if (!e) {
		log_err("out of memory");
		return -ENOMEM;
	}
	e->r = r;
	for (int i = 0; i < r->n; i++) {
		struct run_map *m = &r->maps[i];
		if (m->kind != RUN_EVENTS)
			continue;
		e->ctx[i].e = e;
		e->ctx[i].m = m;
		int fd = bpf_map__fd(m->map), err = 0;
		if (bpf_map__type(m->map) == BPF_MAP_TYPE_RINGBUF) {
			if (!e->rb)
				err = (e->rb = ring_buffer__new(fd, on_ring, &e->ctx[i], NULL)) ? 0 : -errno;
			else
				err = ring_buffer__add(e->rb, fd, on_ring, &e->ctx[i]);
		} else {
			struct perf_buffer *pb = perf_buffer__new(fd, 64, on_perf, on_lost, &e->ctx[i], NULL);
			err = pb ? 0 : -errno;
			if (pb)
				e->pb[e->npb++] = pb;
		}
		if (err) {
			log_err("cannot read map %s's records: %s", m->name, strerror(-err));
			run_events_close(e);
			return err;
		}
	}
	*out = e;
	return 0;
}

int run_events_fds(struct run_events *e, int *fds, int max)
{
	int n = 0;
	if (e->rb && n < max)
		fds[n++] = ring_buffer__epoll_fd(e->rb);
	for (int i = 0; i < e->npb && n < max; i++)
		fds[n++] = perf_buffer__epoll_fd(e->pb[i]);
	return n;
}

int run_events_consume(struct run_events *e)
{
	e->budget = ROUND_RECORDS;
	int err = e->rb ? ring_buffer__consume(e->rb) : 0;
	if (err == -EAGAIN)
		err = 0;
	for (int i = 0; err >= 0 && i < e->npb; i++)
		err = perf_buffer__consume(e->pb[i]);
	if (err < 0 && err != -EINTR) {
		log_err("cannot read records: %s", strerror(-err));
		return err;
	}
	return 0;
}

void run_events_close(struct run_events *e)
{
	if (!e)
		return;
	ring_buffer__free(e->rb);
	for (int i = 0; i < e->npb; i++)
		perf_buffer__free(e->pb[i]);
	free(e);
}
