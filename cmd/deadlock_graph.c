/* deadlock's graph: read from the map, searched for a cycle by a
 * depth-first walk, dumped as BCC dumps it. */
#include "cmd/deadlock.h"

#include "histo/json.h"

#include <bpf/bpf.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int by_key(const void *a, const void *b)
{
	const struct deadlock_edge_key *x = &((const struct dl_edge *)a)->k, *y = &((const struct dl_edge *)b)->k;
	if (x->mutex1 != y->mutex1)
		return x->mutex1 < y->mutex1 ? -1 : 1;
	return x->mutex2 < y->mutex2 ? -1 : x->mutex2 > y->mutex2;
}

static int by_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static size_t node_index(const struct dl_graph *g, uint64_t m)
{
	const uint64_t *p = bsearch(&m, g->nodes, g->nnodes, sizeof(m), by_u64);
	return p ? (size_t)(p - g->nodes) : g->nnodes;
}

static int index_nodes(struct dl_graph *g)
{
	g->nodes = malloc((2 * g->nedges + 1) * sizeof(*g->nodes));
	g->first = malloc((2 * g->nedges + 2) * sizeof(*g->first));
	if (!g->nodes || !g->first)
		return -ENOMEM;
	for (size_t i = 0; i < g->nedges; i++) {
		g->nodes[2 * i] = g->edges[i].k.mutex1;
		g->nodes[2 * i + 1] = g->edges[i].k.mutex2;
	}
	qsort(g->nodes, 2 * g->nedges, sizeof(*g->nodes), by_u64);
	size_t n = 0;
	for (size_t i = 0; i < 2 * g->nedges; i++)
		if (!n || g->nodes[n - 1] != g->nodes[i])
			g->nodes[n++] = g->nodes[i];
	g->nnodes = n;
	/* Edges are sorted by their first mutex, and every first mutex is a
	 * node: each node's edges are one run. */
	size_t e = 0;
	for (size_t i = 0; i < n; i++) {
		while (e < g->nedges && g->edges[e].k.mutex1 < g->nodes[i])
			e++;
		g->first[i] = e;
	}
	g->first[n] = g->nedges;
	return 0;
}

int dl_graph_read(int fd, struct dl_graph *g)
{
	memset(g, 0, sizeof(*g));
	size_t cap = 0;
	struct deadlock_edge_key k, *prev = NULL;
	while (!bpf_map_get_next_key(fd, prev, &k)) {
		if (g->nedges == cap) {
			size_t nc = cap ? cap * 2 : 256;
			struct dl_edge *v = realloc(g->edges, nc * sizeof(*v));
			if (!v)
				return -ENOMEM;
			g->edges = v;
			cap = nc;
		}
		struct dl_edge *e = &g->edges[g->nedges];
		e->k = k;
		prev = &e->k;
		if (!bpf_map_lookup_elem(fd, &k, &e->v))
			g->nedges++;
	}
	qsort(g->edges, g->nedges, sizeof(*g->edges), by_key);
	return index_nodes(g);
}

void dl_graph_free(struct dl_graph *g)
{
	free(g->edges);
	free(g->nodes);
	free(g->first);
	memset(g, 0, sizeof(*g));
}

/* Iterative, so a long chain of mutexes needs no deep C stack: on the
 * walk's path, node path[d] was reached by edge via[d] and its next edge
 * to try is next[d]; an edge back to a node on the path closes a cycle. */
int dl_graph_cycle(const struct dl_graph *g, size_t **cycle)
{
	size_t n = g->nnodes;
	unsigned char *color = calloc(n ? n : 1, 1); /* 0 new, 1 on the path, 2 done */
	size_t *path = malloc((n + 1) * sizeof(size_t)), *via = malloc((n + 1) * sizeof(size_t));
	size_t *next = malloc((n + 1) * sizeof(size_t)), *depth_of = malloc((n + 1) * sizeof(size_t));
	int found = 0;
	if (!color || !path || !via || !next || !depth_of) {
		found = -ENOMEM;
		goto out;
	}
	for (size_t root = 0; root < n && !found; root++) {
		if (color[root])
			continue;
		size_t d = 0;
		path[0] = root, next[0] = g->first[root], color[root] = 1, depth_of[root] = 0;
		while (!found) {
			size_t u = path[d];
			if (next[d] == g->first[u + 1]) {
				color[u] = 2;
				if (!d--)
					break;
				continue;
			}
			size_t ei = next[d]++;
			size_t v = node_index(g, g->edges[ei].k.mutex2);
			if (v >= n || color[v] == 2)
				continue;
			if (color[v] == 1) {
				size_t from = depth_of[v], len = d - from + 1;
				size_t *c = malloc(len * sizeof(*c));
				if (!c) {
					found = -ENOMEM;
					break;
				}
				for (size_t i = 0; i + 1 < len; i++)
					c[i] = via[from + 1 + i];
				c[len - 1] = ei;
				*cycle = c;
				found = (int)len;
				break;
			}
			d++;
			path[d] = v, via[d] = ei, next[d] = g->first[v], color[v] = 1, depth_of[v] = d;
		}
	}
out:
	free(color);
	free(path);
	free(via);
	free(next);
	free(depth_of);
	return found;
}

int dl_graph_dump(const struct dl_graph *g, const char *path)
{
	char tmp[4200];
	if (snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= (int)sizeof(tmp))
		return -ENAMETOOLONG;
	FILE *f = fopen(tmp, "w");
	if (!f)
		return -errno;
	fprintf(f, "{\n  \"directed\": true,\n  \"multigraph\": false,\n  \"graph\": {},\n  \"links\": [");
	for (size_t i = 0; i < g->nedges; i++) {
		const struct dl_edge *e = &g->edges[i];
		char comm[17];
		snprintf(comm, sizeof(comm), "%.16s", e->v.comm);
		fprintf(f, "%s\n    {\n      \"thread_pid\": %u,\n      \"thread_comm\": ", i ? "," : "", e->v.tid);
		json_write_string(f, comm);
		fprintf(f, ",\n      \"first_mutex_stack_id\": %lld,\n      \"second_mutex_stack_id\": %lld,\n"
			   "      \"source\": %zu,\n      \"target\": %zu\n    }",
			(long long)e->v.stack1, (long long)e->v.stack2, node_index(g, e->k.mutex1),
			node_index(g, e->k.mutex2));
	}
	fprintf(f, "%s],\n  \"nodes\": [", g->nedges ? "\n  " : "");
	for (size_t i = 0; i < g->nnodes; i++)
		fprintf(f, "%s\n    {\n      \"id\": %llu\n    }", i ? "," : "", (unsigned long long)g->nodes[i]);
	fprintf(f, "%s]\n}", g->nnodes ? "\n  " : "");
	int err = ferror(f) ? -EIO : 0;
	if (fclose(f) && !err)
		err = -errno;
	if (!err && rename(tmp, path))
		err = -errno;
	if (err)
		remove(tmp);
	return err;
}
