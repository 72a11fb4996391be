/* deadlock's lock-order graph, read from the BPF side's edges map: nodes
 * are mutexes, edge (A, B) a thread that locked B while it held A.  A
 * cycle is a potential deadlock. */
#ifndef BPFKIT_CMD_DEADLOCK_H
#define BPFKIT_CMD_DEADLOCK_H
#include <stddef.h>
#include <stdint.h>

#include <linux/types.h>
#include "probes/deadlock.h"

struct dl_edge {
	struct deadlock_edge_key k;
	struct deadlock_edge v;
};

struct dl_graph {
	struct dl_edge *edges; /* sorted by (mutex1, mutex2) */
	size_t nedges;
	uint64_t *nodes; /* the mutexes, sorted */
	size_t nnodes;
	size_t *first; /* nodes[i]'s edges: edges[first[i]] up to edges[first[i + 1]] */
};

/* The graph as the map holds it now: 0 or -errno. */
int dl_graph_read(int edges_fd, struct dl_graph *g);
void dl_graph_free(struct dl_graph *g);
/* A cycle, as the indices of its edges in order (M0 => M1, M1 => M2, ...
 * back to M0): how many, 0 when the graph has none, or -ENOMEM. */
int dl_graph_cycle(const struct dl_graph *g, size_t **cycle);
/* The graph as BCC's --dump-graph writes it (networkx's node-link data,
 * json.dumps with indent 2), replacing path at once: 0 or -errno. */
int dl_graph_dump(const struct dl_graph *g, const char *path);

#endif
