#include "core/histmap.h"

#include "core/log.h"
#include "core/metrics/sink.h"
#include "histo/histo.h"
#include "histo/json.h"

#include <bpf/bpf.h>
#include <errno.h>
#include <linux/types.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "probes/lib/hist.h"

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

/* An entry's value, deleted with it at once where the kernel can (5.14
 * on, hash maps): counts that arrive meanwhile go to a fresh entry and
 * land in the next interval, not nowhere. */
static int take(int fd, const void *key, void *value)
{
	if (!bpf_map_lookup_and_delete_elem(fd, key, value))
		return 0;
	if (errno == ENOENT || bpf_map_lookup_elem(fd, key, value))
		return -1;
	bpf_map_delete_elem(fd, key);
	return 0;
}

int histmap_print_and_clear(int fd, const struct histmap_print *p, FILE *out)
{
	size_t n = 0, cap = 64;
	uint32_t *keys = malloc(cap * sizeof(*keys)), key, *prev = NULL;
	if (!keys)
		return -ENOMEM;
	while (bpf_map_get_next_key(fd, prev, &key) == 0) {
		if (n == cap) {
			uint32_t *k = realloc(keys, (cap *= 2) * sizeof(*keys));
			if (!k) {
				free(keys);
				return -ENOMEM;
			}
			keys = k;
		}
		keys[n] = key;
		prev = &keys[n++];
	}
	qsort(keys, n, sizeof(*keys), cmp_u32);

	char ts[32] = "";
	if (p->json) {
		time_t t = time(NULL);
		struct tm tm;
		strftime(ts, sizeof(ts), "%Y-%m-%d %H:%M:%S", localtime_r(&t, &tm));
	}
	for (size_t i = 0; i < n; i++) {
		struct hist h;
		if (take(fd, &keys[i], &h))
			continue;
		char label[64];
		if (p->label)
			p->label(keys[i], h.comm, label, sizeof(label));
		else
			snprintf(label, sizeof(label), "%u", keys[i]);
		if (metrics_sink_on) {
			struct metric_label l[3];
			char bufs[2][64], comm[17];
			int nl = metrics_section_labels(p->section, label, l, bufs);
			/* A task's section names its command where the label
			 * does not. */
			if (nl == 1 && p->section && (!strcmp(p->section, "pid") || !strcmp(p->section, "tid")) &&
			    h.comm[0]) {
				snprintf(comm, sizeof(comm), "%.16s", h.comm);
				l[nl++] = (struct metric_label){ "comm", comm };
			}
			metrics_hist_log2(l, nl, (const uint64_t *)h.slots, HIST_SLOTS, p->val_type);
		} else if (p->json)
			histo_json_log2(out, (const uint64_t *)h.slots, HIST_SLOTS, p->val_type, p->section, p->section ? label : NULL,
					ts);
		else if (p->section)
			histo_print_log2_section(out, p->section, label, (const uint64_t *)h.slots, HIST_SLOTS, p->val_type, false);
		else
			histo_print_log2(out, (const uint64_t *)h.slots, HIST_SLOTS, p->val_type, false);
	}
	free(keys);
	fflush(out);
	return 0;
}

void histmap_print_extension(FILE *out, uint64_t total, uint64_t count, const char *unit, bool json)
{
	if (metrics_sink_on)
		return;
	if (count && json) {
		struct json j;
		json_init(&j, out, true);
		json_object(&j, NULL);
		json_u64(&j, "avg", total / count);
		json_u64(&j, "total", total);
		json_u64(&j, "count", count);
		json_str(&j, "unit", unit);
		json_line_end(&j);
	} else if (count) {
		fprintf(out, "\navg = %llu %s, total: %llu %s, count: %llu\n\n", (unsigned long long)(total / count),
			unit, (unsigned long long)total, unit, (unsigned long long)count);
	}
	fflush(out);
}

int histmap_read(int fd, size_t ksize, size_t esize, size_t voff, bool clear, void **out)
{
	size_t cap = 64, n = 0;
	char *v = malloc(cap * esize), *prev = NULL, next[ksize];
	while (v && !bpf_map_get_next_key(fd, prev, next)) {
		if (n == cap) {
			char *grown = realloc(v, (cap *= 2) * esize);
			if (!grown) {
				free(v);
				v = NULL;
				break;
			}
			v = grown;
		}
		char *e = v + n * esize;
		memcpy(e, next, ksize);
		prev = e; /* its key, whether or not the value can be read */
		if (!bpf_map_lookup_elem(fd, next, e + voff))
			n++;
	}
	if (!v) {
		log_err("out of memory reading a BPF map");
		return -ENOMEM;
	}
	/* Read again as it goes: what was counted since the walk is kept. */
	for (size_t i = 0; clear && i < n; i++)
		take(fd, v + i * esize, v + i * esize + voff);
	*out = v;
	return (int)n;
}

int histmap_each(int fd, size_t ksize, size_t esize, size_t voff, void (*print)(const void *row))
{
	char *rows = NULL;
	int n = histmap_read(fd, ksize, esize, voff, true, (void **)&rows);
	for (int i = 0; i < n; i++)
		print(rows + (size_t)i * esize);
	free(rows);
	return n;
}

int histmap_read_sorted(int fd, size_t ksize, size_t esize, size_t voff, bool clear,
			int (*cmp)(const void *, const void *), void **out)
{
	int n = histmap_read(fd, ksize, esize, voff, clear, out);
	if (n > 0)
		qsort(*out, (size_t)n, esize, cmp);
	return n;
}

struct sort_by {
	uint64_t (*value)(const void *row);
};

static int largest_first(const void *a, const void *b, void *by)
{
	uint64_t x = ((struct sort_by *)by)->value(a), y = ((struct sort_by *)by)->value(b);
	return x < y ? 1 : x > y ? -1 : 0;
}

void histmap_sort_largest(void *rows, size_t n, size_t size, uint64_t (*value)(const void *row))
{
	struct sort_by by = { value };
	qsort_r(rows, n, size, largest_first, &by);
}
