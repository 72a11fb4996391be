/* memleak's report: the outstanding allocations read from the allocs map,
 * grouped by stack and sorted as BCC's memleak.py prints them (ascending,
 * the largest last, at most -T), or with --combined-only the per-stack
 * totals the BPF side keeps. */
#include "cmd/memleak.h"

#include "core/clock.h"
#include "core/stacks/stackfmt.h"
#include "core/stacks/stacks.h"
#include "core/stacks/symbols.h"
#include "histo/json.h"
#include <linux/types.h>

#include "probes/memleak.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct block {
	uint64_t addr;
	struct memleak_alloc a;
};

struct group {
	int64_t stack_id;
	uint64_t size, count;
	size_t first; /* its blocks in the sorted array (plain mode) */
};

static struct symbols *syms;

/* Appends n looked-up entries to the blocks array, grown by doubling. */
static int blocks_add(struct block **b, size_t *n, size_t *cap, const uint64_t *keys,
		      const struct memleak_alloc *vals, size_t count)
{
	if (*n + count > *cap) {
		size_t c = *cap ? *cap : 1024;
		while (c < *n + count)
			c *= 2;
		struct block *nb = realloc(*b, c * sizeof(*nb));
		if (!nb)
			return -ENOMEM;
		*b = nb, *cap = c;
	}
	for (size_t i = 0; i < count; i++)
		(*b)[(*n)++] = (struct block){ keys[i], vals[i] };
	return 0;
}

/* Every entry of the allocs map: by batches of lookups where the kernel
 * has them (a million blocks in a few hundred calls), else key by key.
 * Batches go through a small buffer into the one array of blocks, so a
 * million outstanding allocations cost that array and little more. */
static int read_blocks(int fd, struct block **out, size_t *nout)
{
	size_t n = 0, cap = 0, room = 4096;
	struct block *b = NULL;
	uint64_t *keys = malloc(room * sizeof(*keys));
	struct memleak_alloc *vals = malloc(room * sizeof(*vals));
	uint64_t in = 0, next = 0, prev = 0;
	bool first = true, batch = true;
	int err = keys && vals ? 0 : -ENOMEM;
	while (!err) {
		if (batch) {
			__u32 count = room;
			int r = bpf_map_lookup_batch(fd, first ? NULL : &in, &next, keys, vals, &count, NULL);
			int e = r ? errno : 0;
			if (r && first && count == 0 && (e == EINVAL || e == EOPNOTSUPP)) {
				batch = false; /* before 5.6: key by key */
				continue;
			}
			if (r && e == ENOSPC && count == 0) {
				/* a bucket larger than the buffer */
				room *= 2;
				uint64_t *nk = realloc(keys, room * sizeof(*keys));
				keys = nk ? nk : keys;
				struct memleak_alloc *nv = nk ? realloc(vals, room * sizeof(*vals)) : NULL;
				vals = nv ? nv : vals;
				err = nk && nv ? 0 : -ENOMEM;
				continue;
			}
			err = blocks_add(&b, &n, &cap, keys, vals, count);
			if (err || (r && e == ENOENT))
				break; /* ENOENT: that was the last batch */
			if (r) {
				err = -e;
				break;
			}
			in = next;
			first = false;
			continue;
		}
		if (bpf_map_get_next_key(fd, n ? &prev : NULL, &keys[0]))
			break;
		/* A block freed between the two calls is left out, and the
		 * walk goes on from the last block read. */
		if (!bpf_map_lookup_elem(fd, &keys[0], &vals[0])) {
			prev = keys[0];
			err = blocks_add(&b, &n, &cap, keys, vals, 1);
		}
	}
	free(keys);
	free(vals);
	if (err) {
		free(b);
		log_err("cannot read the outstanding allocations: %s", strerror(-err));
		return err;
	}
	*out = b ? b : malloc(sizeof(*b));
	*nout = n;
	return *out ? 0 : -ENOMEM;
}

static int by_size(const void *x, const void *y)
{
	const struct block *a = x, *b = y;
	return a->a.size < b->a.size ? -1 : a->a.size > b->a.size;
}

/* By stack, then by size: a stack's blocks side by side. */
static int by_stack(const void *x, const void *y)
{
	const struct block *a = x, *b = y;
	if (a->a.stack_id != b->a.stack_id)
		return a->a.stack_id < b->a.stack_id ? -1 : 1;
	return by_size(x, y);
}

static int by_key(const void *x, const void *y)
{
	const struct group *a = x, *b = y;
	uint64_t ka = memleak.by_count ? a->count : a->size, kb = memleak.by_count ? b->count : b->size;
	return ka < kb ? -1 : ka > kb;
}

static void print_frames(const uint64_t *ips, int n, bool addresses)
{
	int first = memleak.kernel ? stackfmt_first_kernel_frame(syms, ips, n) : 0;
	for (int i = first; i < n; i++) {
		const char *name;
		if ((memleak.kernel ? symbols_kernel(syms, ips[i], &name, 1) : symbols_user(syms, tool_args.pid, ips[i], &name, 1)) < 1)
			continue;
		if (addresses)
			printf("\t\t0x%016llx\t%s\n", (unsigned long long)ips[i], name);
		else
			printf("\t\t%s\n", name);
	}
}

static void print_group(int traces_fd, const struct group *g, const struct block *blocks, const char *hms)
{
	uint64_t ips[STACKS_MAX_DEPTH];
	int n = stacks_walk(traces_fd, g->stack_id, ips);
	if (output_mode == OUTPUT_JSON) {
		struct stackfmt f = { .syms = syms };
		struct json j;
		json_init(&j, stdout, false);
		json_object(&j, NULL);
		json_str(&j, "time", hms);
		json_u64(&j, "bytes", g->size);
		json_u64(&j, "allocations", g->count);
		int first = memleak.kernel ? stackfmt_first_kernel_frame(syms, ips, n) : 0;
		stackfmt_json_stack(&f, &j, "stack", ips + first, n ? n - first : 0, n ? g->stack_id : -1, memleak.kernel,
				    tool_args.pid);
		if (blocks && memleak.show_allocs) {
			json_array(&j, "allocs");
			for (uint64_t i = 0; i < g->count; i++) {
				json_object(&j, NULL);
				json_u64(&j, "address", blocks[g->first + i].addr);
				json_u64(&j, "size", blocks[g->first + i].a.size);
				json_close(&j);
			}
			json_close(&j);
		}
		json_line_end(&j);
		return;
	}
	printf("\t%llu bytes in %llu allocations from stack\n", (unsigned long long)g->size,
	       (unsigned long long)g->count);
	if (!n && !blocks)
		printf("\t\tstack information lost\n");
	print_frames(ips, n, blocks != NULL);
}

/* The blocks old enough and with a stack, grouped by it. */
static int plain_groups(int allocs_fd, struct block **blocks, struct group **groups, size_t *ngroups)
{
	size_t n, kept = 0, ng = 0;
	int err = read_blocks(allocs_fd, blocks, &n);
	if (err)
		return err;
	struct block *b = *blocks;
	uint64_t now = clock_mono_ns(), min_age = memleak.older_ms * 1000000ULL;
	for (size_t i = 0; i < n; i++)
		if (b[i].a.stack_id >= 0 && b[i].a.ts_ns + min_age <= now)
			b[kept++] = b[i];
	/* -a: every block, smallest first, as BCC lists them. */
	if (memleak.show_allocs && output_mode != OUTPUT_JSON) {
		qsort(b, kept, sizeof(*b), by_size);
		for (size_t i = 0; i < kept; i++)
			printf("\taddr = %llx size = %llu\n", (unsigned long long)b[i].addr, (unsigned long long)b[i].a.size);
	}
	qsort(b, kept, sizeof(*b), by_stack);
	struct group *g = malloc((kept ? kept : 1) * sizeof(*g));
	if (!g)
		return -ENOMEM;
	for (size_t i = 0; i < kept; i++) {
		if (!ng || g[ng - 1].stack_id != b[i].a.stack_id)
			g[ng++] = (struct group){ .stack_id = b[i].a.stack_id, .first = i };
		g[ng - 1].size += b[i].a.size;
		g[ng - 1].count++;
	}
	*groups = g, *ngroups = ng;
	return 0;
}

static int combined_groups(int fd, struct group **groups, size_t *ngroups)
{
	size_t n = 0, cap = 256;
	struct group *g = malloc(cap * sizeof(*g));
	int64_t key, last;
	bool started = false;
	while (g && !bpf_map_get_next_key(fd, started ? &last : NULL, &key)) {
		struct memleak_combined c;
		started = true;
		last = key;
		if (n == cap) {
			struct group *ng = realloc(g, (cap *= 2) * sizeof(*g));
			if (!ng)
				break;
			g = ng;
		}
		if (!bpf_map_lookup_elem(fd, &key, &c) && c.count)
			g[n++] = (struct group){ .stack_id = key, .size = c.total_size, .count = c.count };
	}
	if (!g)
		return -ENOMEM;
	*groups = g, *ngroups = n;
	return 0;
}

static int map_fd(struct tracer *t, const char *name)
{
	struct bpf_map *m = bpf_object__find_map_by_name(t->obj, name);
	return m ? bpf_map__fd(m) : -1;
}

int memleak_report(struct tracer *t)
{
	if (!syms && !(syms = symbols_open(&(struct symbols_opts){ .offsets = true, .modules = true })))
		return -ENOMEM;
	char hms[16];
	output_hms(hms);
	if (output_mode != OUTPUT_JSON)
		printf("[%s] Top %lu stacks with outstanding allocations:\n", hms, memleak.top);
	struct block *blocks = NULL;
	struct group *groups = NULL;
	size_t n = 0;
	int err = memleak.combined_only ? combined_groups(map_fd(t, "combined_allocs"), &groups, &n)
					: plain_groups(map_fd(t, "allocs"), &blocks, &groups, &n);
	if (!err) {
		qsort(groups, n, sizeof(*groups), by_key);
		int traces_fd = map_fd(t, "stack_traces");
		for (size_t i = n > memleak.top ? n - memleak.top : 0; i < n; i++)
			print_group(traces_fd, &groups[i], blocks, hms);
	}
	free(blocks);
	free(groups);
	fflush(stdout);
	return err;
}

void memleak_report_free(void)
{
	symbols_close(syms);
	syms = NULL;
}
