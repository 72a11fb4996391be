#include "cmd/irqstat.h"

#include "core/histmap.h"
#include "core/metrics/sink.h"
#include "histo/histo.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/types.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probes/lib/hist.h"
#include "probes/lib/irqs.h"

static struct opts {
	bool nanoseconds, count, dist;
} o;

/* The names of the tool running (its declaration's .family_data). */
static const struct irqstat_tool *names(void)
{
	return tool_current->family_data;
}

error_t irqstat_parse(int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case 'N': o.nanoseconds = true; return 0;
	case 'C': o.count = true; return 0;
	case 'd': o.dist = true; return 0;
	case ARGP_KEY_END:
		if (o.count && (o.dist || o.nanoseconds)) {
			log_err("the --%s option can't be used with time-based options", names()->count_long);
			return EINVAL;
		}
		return 0;
	}
	return ARGP_ERR_UNKNOWN;
}

static const char *key_name(const struct irq_key *k, char *buf, size_t len)
{
	if (k->name[0])
		snprintf(buf, len, "%.*s", IRQ_NAME_LEN, k->name);
	else if (names()->vec_name)
		snprintf(buf, len, "%s", names()->vec_name(k->vec));
	else
		snprintf(buf, len, "%u", k->vec);
	return buf;
}

struct total {
	struct irq_key key;
	uint64_t value;
	size_t seq; /* place in the map walk */
};

/* BCC (0.32 on) sorts largest first with Python's sorted(), which is
 * stable: equal totals keep the map's order.  qsort is not stable. */
static int by_value_desc(const void *a, const void *b)
{
	const struct total *x = a, *y = b;
	if (x->value != y->value)
		return x->value < y->value ? 1 : -1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

int irqstat_summary(struct tracer *tr, bool last)
{
	const char *label = o.count ? "count" : o.nanoseconds ? "nsecs" : "usecs";
	char hms[16], name[64];
	/* -j: an object per irq or histogram, each with the time; the rest of
	 * the text on stderr. */
	FILE *out = record_header_out();
	tool_interval_head(out, hms);
	if (o.dist) {
		struct keyed_hist {
			struct irq_key k;
			struct hist h;
		} *v;
		int fd = bpf_map__fd(bpf_object__find_map_by_name(tr->obj, "dists"));
		int n = histmap_read(fd, sizeof(v->k), sizeof(*v), offsetof(struct keyed_hist, h), true, (void **)&v);
		if (n < 0)
			return n;
		for (int i = 0; i < n; i++) {
			key_name(&v[i].k, name, sizeof(name));
			if (metrics_sink_on)
				metrics_hist_log2(&(struct metric_label){ names()->section, name }, 1,
						  (const uint64_t *)v[i].h.slots, HIST_SLOTS, label);
			else if (output_mode == OUTPUT_JSON)
				histo_json_log2(stdout, (const uint64_t *)v[i].h.slots, HIST_SLOTS, label, names()->section,
						name, hms);
			else
				histo_print_log2_section(stdout, names()->section, name, (const uint64_t *)v[i].h.slots,
							 HIST_SLOTS, label, false);
		}
		free(v);
	} else {
		struct total *v;
		int fd = bpf_map__fd(bpf_object__find_map_by_name(tr->obj, "totals"));
		int n = histmap_read(fd, sizeof(v->key), sizeof(*v), offsetof(struct total, value), true, (void **)&v);
		if (n < 0)
			return n;
		for (int i = 0; i < n; i++)
			v[i].seq = i;
		qsort(v, n, sizeof(*v), by_value_desc);
		char total_label[32], fmt[16], key[40];
		snprintf(total_label, sizeof(total_label), "TOTAL_%s", label);
		fprintf(out, "%-*s %11s\n", names()->width, names()->column, total_label);
		snprintf(fmt, sizeof(fmt), "%%-%ds ", names()->width);
		/* --prometheus: the exact nanoseconds, to make seconds of. */
		bool nsecs = metrics_sink_on && !o.count;
		snprintf(key, sizeof(key), "total_%s", nsecs ? "nsecs" : label);
		uint64_t factor = o.count || o.nanoseconds || nsecs ? 1 : 1000;
		for (int i = 0; i < n; i++) {
			rec_str("time", NULL, hms);
			rec_str(names()->section, fmt, key_name(&v[i].key, name, sizeof(name)));
			rec_u64(key, "%11llu", v[i].value / factor);
			rec_end();
		}
		free(v);
	}
	fflush(stdout);
	return 0;
}

int irqstat_configure(struct tracer *t)
{
	__u64 factor = o.nanoseconds ? 1 : 1000;
	int err = tracer_set_rodata(t, "count_only", &o.count, sizeof(o.count));
	err = err ?: tracer_set_rodata(t, "dist", &o.dist, sizeof(o.dist));
	err = err ?: tracer_set_rodata(t, "factor", &factor, sizeof(factor));
	return err;
}

void irqstat_header(void)
{
	record_status("Tracing %s event%s... Hit Ctrl-C to end.", names()->what, o.count ? "s" : " time");
}
