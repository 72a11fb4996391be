#include "core/netcount.h"

#include "core/histmap.h"
#include "core/inet.h"
#include "core/output.h"
#include "core/record.h"
#include "core/tracer.h"

#include <bpf/libbpf.h>
#include <linux/types.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "probes/lib/sock.h"

struct row {
	struct sock_tuple k;
	__u64 n;
};

static int most_first(const void *a, const void *b)
{
	const struct row *x = a, *y = b;
	/* Ties by address and port: the same table for the same counts. */
	return (x->n < y->n) - (x->n > y->n) ?: memcmp(&x->k, &y->k, sizeof(x->k));
}

static void print_row(const struct row *r, bool remote)
{
	char l[INET_TEXT], d[INET_TEXT];
	inet_text(r->k.family, r->k.saddr, l, sizeof(l));
	if (!remote) {
		rec_str("laddr", "%-32s ", l);
		rec_u64("lport", "%20llu     ", r->k.lport);
		rec_u64("binds", "%-10llu", r->n);
	} else {
		rec_str("laddr", "%-25s ", l);
		rec_str("raddr", "%-25s ", inet_text(r->k.family, r->k.daddr, d, sizeof(d)));
		rec_u64("rport", "%-20llu ", r->k.dport);
		rec_u64("connects", "%-10llu", r->n);
	}
	rec_end();
}

static int print_table(struct tracer *t, bool remote)
{
	struct bpf_map *map = bpf_object__find_map_by_name(t->obj, "sock_counts");
	struct row *v;
	int n = histmap_read_sorted(bpf_map__fd(map), sizeof(v->k), sizeof(*v), offsetof(struct row, n), false,
				    most_first, (void **)&v);
	if (n < 0)
		return n;
	if (output_mode != OUTPUT_JSON) {
		if (remote)
			printf("\n%-25s %-25s %-20s %-10s\n", "LADDR", "RADDR", "RPORT", "CONNECTS");
		else
			printf("\n%-32s %20s     %-10s\n", "LADDR", "LPORT", "BINDS");
	}
	for (int family = AF_INET; family; family = family == AF_INET ? AF_INET6 : 0)
		for (int i = 0; i < n; i++)
			if (v[i].k.family == family)
				print_row(&v[i], remote);
	free(v);
	fflush(stdout);
	return 0;
}

int net_count_connects(struct tracer *t)
{
	return print_table(t, true);
}

int net_count_binds(struct tracer *t)
{
	return print_table(t, false);
}
