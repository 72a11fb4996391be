#include "cmd/irqstat.h"

#include "core/args.h"
#include "core/log.h"
#include "core/loop.h"
#include "core/output.h"
#include "core/record.h"
#include "core/tracer.h"
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
	bool timestamp, nanoseconds, count, dist;
	long cpu;
	struct args_interval iv;
} o = { .cpu = -1 };

static const struct irqstat_tool *tool;

static error_t parse(int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case 'T': o.timestamp = true; return 0;
	case 'N': o.nanoseconds = true; return 0;
	case 'C': o.count = true; return 0;
	case 'd': o.dist = true; return 0;
	case 'j': output_mode = OUTPUT_JSON; return 0;
	case 'c': return -args_cpu(arg, &o.cpu);
	case ARGP_KEY_ARG: return args_interval_count(&o.iv, arg);
	case ARGP_KEY_END:
		if (o.count && (o.dist || o.nanoseconds)) {
			log_err("the --%s option can't be used with time-based options", tool->count_long);
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
	else if (tool->vec_name)
		snprintf(buf, len, "%s", tool->vec_name(k->vec));
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

/* Read every entry into an array of structs whose first member is the key
 * and whose value sits at voff; then delete them (BCC's items(), clear()). */
static int read_map(int fd, size_t esize, size_t voff, void **out)
{
	struct irq_key k, next, *prev = NULL;
	size_t cap = 16, n = 0;
	char *v = malloc(cap * esize);
	while (v && !bpf_map_get_next_key(fd, prev, &next)) {
		if (n == cap) {
			char *p = realloc(v, cap * 2 * esize);
			if (!p)
				break;
			v = p;
			cap *= 2;
		}
		if (!bpf_map_lookup_elem(fd, &next, v + n * esize + voff)) {
			memcpy(v + n * esize, &next, sizeof(next));
			n++;
		}
		k = next;
		prev = &k;
	}
	for (size_t i = 0; i < n; i++)
		bpf_map_delete_elem(fd, v + i * esize);
	*out = v;
	return (int)n;
}

static int summary(void *ctx, bool last)
{
	struct tracer *tr = ctx;
	const char *label = o.count ? "count" : o.nanoseconds ? "nsecs" : "usecs";
	char hms[16], name[64];
	/* -j: an object per irq or histogram, each with the time; the rest of
	 * the text on stderr. */
	FILE *out = record_header_out();
	output_hms(hms);
	fprintf(out, "\n");
	if (o.timestamp)
		fprintf(out, "%-8s\n", hms);
	if (o.dist) {
		struct keyed_hist {
			struct irq_key k;
			struct hist h;
		} *v;
		int fd = bpf_map__fd(bpf_object__find_map_by_name(tr->obj, "dists"));
		int n = read_map(fd, sizeof(*v), offsetof(struct keyed_hist, h), (void **)&v);
		for (int i = 0; i < n; i++) {
			key_name(&v[i].k, name, sizeof(name));
			if (output_mode == OUTPUT_JSON)
				histo_json_log2(stdout, (const uint64_t *)v[i].h.slots, HIST_SLOTS, label, tool->section,
						name, hms);
			else
				histo_print_log2_section(stdout, tool->section, name, (const uint64_t *)v[i].h.slots,
							 HIST_SLOTS, label, false);
		}
		free(v);
	} else {
		struct total *v;
		int fd = bpf_map__fd(bpf_object__find_map_by_name(tr->obj, "totals"));
		int n = read_map(fd, sizeof(*v), offsetof(struct total, value), (void **)&v);
		for (int i = 0; i < n; i++)
			v[i].seq = i;
		qsort(v, n, sizeof(*v), by_value_desc);
		char total_label[32], fmt[16], key[40];
		snprintf(total_label, sizeof(total_label), "TOTAL_%s", label);
		fprintf(out, "%-*s %11s\n", tool->width, tool->column, total_label);
		snprintf(fmt, sizeof(fmt), "%%-%ds ", tool->width);
		snprintf(key, sizeof(key), "total_%s", label);
		uint64_t factor = o.count || o.nanoseconds ? 1 : 1000;
		for (int i = 0; i < n; i++) {
			rec_str("time", NULL, hms);
			rec_str(tool->section, fmt, key_name(&v[i].key, name, sizeof(name)));
			rec_u64(key, "%11llu", v[i].value / factor);
			rec_end();
		}
		free(v);
	}
	fflush(stdout);
	return 0;
}

/* The generated skeleton starts with these two. */
struct skel_head {
	struct bpf_object_skeleton *skeleton;
	struct bpf_object *obj;
};

int irqstat_main(const struct irqstat_tool *t, void *(*skel_open)(void), int argc, char **argv)
{
	tool = t;
	struct argp_option options[] = {
		{ "timestamp", 'T', NULL, 0, "Include timestamp on output", 0 },
		{ "nanoseconds", 'N', NULL, 0, "Output in nanoseconds", 0 },
		{ t->count_long, 'C', NULL, 0, "Show the number of events instead of time", 0 },
		{ "dist", 'd', NULL, 0, "Show distributions as histograms", 0 },
		{ "cpu", 'c', "CPU", 0, "Trace this CPU only", 0 },
		{ "json", 'j', NULL, 0, "One JSON object per irq (totals) or per histogram (-d), with the time", 0 },
		{ 0 },
	};
	const struct argp_child children[] = ARGS_CHILDREN;
	const struct argp argp = { options, parse, "[interval [count]]", t->doc, children };
	if (args_parse(&argp, argc, argv, NULL))
		return 2;
	struct skel_head *skel = tracer_opened(skel_open());
	if (!skel)
		return 1;
	struct tracer tr = { .skeleton = skel->skeleton, .obj = skel->obj, .skel = skel,
			     .specs = t->probes, .nspecs = t->nprobes };
	__u64 factor = o.nanoseconds ? 1 : 1000;
	int cpu = o.cpu;
	int err = tracer_set_rodata(&tr, "count_only", &o.count, sizeof(o.count));
	err = err ?: tracer_set_rodata(&tr, "dist", &o.dist, sizeof(o.dist));
	err = err ?: tracer_set_rodata(&tr, "factor", &factor, sizeof(factor));
	err = err ?: tracer_set_rodata(&tr, "targ_cpu", &cpu, sizeof(cpu));
	err = err ?: tracer_start(&tr);
	if (!err) {
		fprintf(record_header_out(), "Tracing %s event%s... Hit Ctrl-C to end.\n", t->what,
			o.count ? "s" : " time");
		fflush(stdout);
		struct loop l = { .interval_ms = o.iv.interval_ms, .count = o.iv.count, .summary = summary, .ctx = &tr };
		err = loop_run(&l);
	}
	tracer_destroy(&tr);
	return err < 0 ? 1 : 0;
}
