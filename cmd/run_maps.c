/* How bpfkit run prints a user's maps, decided from their types and names
 * (docs/run.md says the conventions), and the printing of the tables and
 * histograms. */
#include "cmd/run.h"
#include "core/log.h"
#include "core/stacks/stacks.h"
#include "core/stacks/symbols.h"
#include "histo/histo.h"
#include "histo/json.h"

#include <linux/types.h>

#include "probes/lib/stacks.h"

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && !strcmp(s + n - k, suffix);
}

/* "bytes_hist" -> "bytes"; "hist" -> "value". */
static void unit_of(const char *name, const char *suffix, char *buf, size_t len)
{
	size_t n = strlen(name) - strlen(suffix);
	while (n && name[n - 1] == '_')
		n--;
	snprintf(buf, len, "%.*s", (int)(n < len ? n : len - 1), name);
	if (!*buf)
		snprintf(buf, len, "value");
}

static const struct btf_type *resolved(const struct btf *btf, uint32_t id)
{
	return btf__type_by_id(btf, btfprint_resolve(btf, id));
}

static bool is_small_int(const struct btf *btf, uint32_t id)
{
	const struct btf_type *t = resolved(btf, id);
	return t && (btf_is_int(t) || btf_is_any_enum(t)) && t->size <= 8;
}

/* A hash map histogram's slots: an array of integers, or a struct that
 * starts with one (probes/lib/hist.h's struct hist): the slot count. */
static int slot_array(const struct btf *btf, uint32_t id)
{
	const struct btf_type *t = resolved(btf, id);
	if (t && btf_is_struct(t) && btf_vlen(t) && btf_members(t)[0].offset == 0)
		t = resolved(btf, btf_members(t)[0].type);
	if (!t || !btf_is_array(t))
		return 0;
	const struct btf_type *e = resolved(btf, btf_array(t)->type);
	return e && btf_is_int(e) && e->size == 8 ? (int)btf_array(t)->nelems : 0;
}

/* The record type of an event map: --event-type, then the type of the
 * global NAME_type (or what it points to), then struct event. */
static uint32_t record_type(const struct btf *btf, const char *map, const char *event_type)
{
	char name[128];
	if (event_type) {
		const char *eq = strchr(event_type, '=');
		if (!eq || ((size_t)(eq - event_type) == strlen(map) && !strncmp(event_type, map, eq - event_type))) {
			const char *ty = eq ? eq + 1 : event_type;
			if (!strncmp(ty, "struct ", 7))
				ty += 7;
			int id = btf__find_by_name_kind(btf, ty, BTF_KIND_STRUCT);
			if (id < 0)
				id = btf__find_by_name_kind(btf, ty, BTF_KIND_TYPEDEF);
			return id > 0 ? (uint32_t)id : 0;
		}
	}
	snprintf(name, sizeof(name), "%s_type", map);
	int id = btf__find_by_name_kind(btf, name, BTF_KIND_VAR);
	if (id > 0) {
		uint32_t ty = btfprint_resolve(btf, btf__type_by_id(btf, id)->type);
		const struct btf_type *t = btf__type_by_id(btf, ty);
		return t && btf_is_ptr(t) ? btfprint_resolve(btf, t->type) : ty;
	}
	id = btf__find_by_name_kind(btf, "event", BTF_KIND_STRUCT);
	return id > 0 ? (uint32_t)id : 0;
}

static int plan_events(struct run *r, struct run_map *m, const char *event_type)
{
	m->kind = RUN_EVENTS;
	m->record_id = record_type(r->btf, m->name, event_type);
	if (!m->record_id) {
		if (event_type)
			log_err("map %s: %s names no struct in %s's BTF", m->name, event_type, r->u.path);
		else
			log_err("map %s: its records' type is not known: declare `struct event *%s_type;` in the object or give --event-type TYPE",
				m->name, m->name);
		return -EINVAL;
	}
	m->nv = btfprint_columns(r->btf, m->record_id, "value", m->vcols, RUN_MAX_COLS);
	r->nevents++;
	return m->nv < 0 ? -EINVAL : 0;
}

static int plan_table(struct run *r, struct run_map *m)
{
	const char *kind_name = m->array ? "array" : "hash";
	m->key_id = bpf_map__btf_key_type_id(m->map);
	m->value_id = bpf_map__btf_value_type_id(m->map);
	if (!m->key_id || !m->value_id) {
		log_err("map %s has no BTF key and value types: declare it with __type(key, ...) and __type(value, ...)",
			m->name);
		return -EINVAL;
	}
	if (m->percpu && bpf_map__value_size(m->map) % 8) {
		log_err("map %s: per-CPU values are summed as 64-bit counters, but its values are %u bytes", m->name,
			bpf_map__value_size(m->map));
		return -EOPNOTSUPP;
	}
	bool linear = ends_with(m->name, "lhist");
	if (linear || ends_with(m->name, "hist")) {
		m->kind = linear ? RUN_LINEAR : RUN_LOG2;
		unit_of(m->name, linear ? "lhist" : "hist", m->val_type, sizeof(m->val_type));
		if (m->array && !is_small_int(r->btf, m->value_id)) {
			log_err("map %s: a histogram array (its name ends in hist) holds one integer count per slot", m->name);
			return -EOPNOTSUPP;
		}
		if (!m->array && !(m->nslots = slot_array(r->btf, m->value_id))) {
			log_err("map %s: a histogram hash map (its name ends in hist) holds arrays of u64 slots", m->name);
			return -EOPNOTSUPP;
		}
	} else {
		m->kind = RUN_COUNTS;
	}
	m->nk = btfprint_columns(r->btf, m->key_id, "key", m->kcols, RUN_MAX_COLS);
	m->nv = btfprint_columns(r->btf, m->value_id, "value", m->vcols, RUN_MAX_COLS);
	if (m->nk < 0 || m->nv < 0) {
		log_err("map %s: its %s key or value type has no size", m->name, kind_name);
		return -EINVAL;
	}
	return 0;
}

int run_plan(struct run *r, const char *event_type)
{
	r->btf = bpf_object__btf(r->u.obj);
	if (!r->btf) {
		log_err("%s has no BTF (compile it with clang -g)", r->u.path);
		return -EINVAL;
	}
	struct bpf_map *map;
	bpf_object__for_each_map(map, r->u.obj) {
		if (r->n == RUN_MAX_MAPS) {
			log_err("%s has more than %d maps", r->u.path, RUN_MAX_MAPS);
			return -E2BIG;
		}
		struct run_map *m = &r->maps[r->n++];
		*m = (struct run_map){ .map = map, .name = bpf_map__name(map) };
		if (bpf_map__is_internal(map) || m->name[0] == '_')
			continue;
		enum bpf_map_type type = bpf_map__type(map);
		int err = 0;
		switch (type) {
		case BPF_MAP_TYPE_PERCPU_HASH:
		case BPF_MAP_TYPE_LRU_PERCPU_HASH:
			m->percpu = true;
			/* fallthrough */
		case BPF_MAP_TYPE_HASH:
		case BPF_MAP_TYPE_LRU_HASH:
			err = plan_table(r, m);
			break;
		case BPF_MAP_TYPE_PERCPU_ARRAY:
			m->percpu = true;
			/* fallthrough */
		case BPF_MAP_TYPE_ARRAY:
			m->array = true;
			err = plan_table(r, m);
			break;
		case BPF_MAP_TYPE_RINGBUF:
		case BPF_MAP_TYPE_PERF_EVENT_ARRAY:
			err = plan_events(r, m, event_type);
			break;
		case BPF_MAP_TYPE_STACK_TRACE:
			m->kind = RUN_STACKS;
			if (bpf_map__value_size(map) > STACK_MAX_DEPTH * 8) {
				log_err("map %s: stacks deeper than %d frames", m->name, STACK_MAX_DEPTH);
				return -EOPNOTSUPP;
			}
			if (!r->stacks)
				r->stacks = map;
			break;
		default: {
			const char *tn = libbpf_bpf_map_type_str(type);
			log_err("map %s is a %s map, which bpfkit run cannot print (it prints hash, array, ring buffer and perf event array maps; name a map _NAME to leave it out)",
				m->name, tn ? tn : "unknown");
			return -EOPNOTSUPP;
		}
		}
		if (err)
			return err;
	}
	return 0;
}

bool run_stack_col(const struct btfprint_col *c, bool *kernel)
{
	if (!c->name || !(ends_with(c->name, "stack_id") || ends_with(c->name, "stackid")))
		return false;
	*kernel = c->name[0] == 'k' || strstr(c->name, "kern");
	return true;
}

int run_record_pid(const struct run *r, const struct btfprint_col *cols, int n, const void *data, size_t size)
{
	for (int i = 0; i < n; i++) {
		int64_t v;
		bool sgn;
		if (cols[i].name && (!strcmp(cols[i].name, "pid") || !strcmp(cols[i].name, "tgid")) &&
		    btfprint_col_int(r->btf, &cols[i], data, size, &v, &sgn))
			return (int)v;
	}
	return 0;
}

void run_print_stack(struct run *r, struct json *j, const char *col, int64_t id, bool kernel, int pid)
{
	char key[64];
	snprintf(key, sizeof(key), "%.*s", (int)(ends_with(col, "_id") ? strlen(col) - 3 : strlen(col)), col);
	if (j)
		json_array(j, key);
	uint64_t ips[STACK_MAX_DEPTH];
	int n = r->stacks && id >= 0 ? stacks_walk(bpf_map__fd(r->stacks), id, ips) : 0;
	if (n && !r->syms)
		r->syms = symbols_open(&(struct symbols_opts){ .offsets = false });
	for (int i = 0; i < n; i++) {
		const char *frames[8];
		int k = !r->syms ? 0
			: kernel ? symbols_kernel(r->syms, ips[i], frames, 8)
				 : pid ? symbols_user(r->syms, pid, ips[i], frames, 8) : 0;
		char hex[24];
		if (k <= 0) {
			snprintf(hex, sizeof(hex), "0x%llx", (unsigned long long)ips[i]);
			frames[0] = hex;
			k = 1;
		}
		for (int f = 0; f < k; f++) {
			if (j)
				json_str(j, NULL, frames[f]);
			else
				printf("    %s\n", frames[f]);
		}
	}
	if (j)
		json_close(j);
	else if (!n)
		printf("    [%s stack %lld not available]\n", kernel ? "kernel" : "user", (long long)id);
}

/* ------------------------------------------------------------ reading */

struct entries {
	size_t n, ksz, vsz;
	unsigned char *keys, *vals; /* per-CPU values summed */
};

static int read_entries(struct run_map *m, bool clear, struct entries *e)
{
	int fd = bpf_map__fd(m->map);
	int ncpu = m->percpu ? libbpf_num_possible_cpus() : 1;
	e->ksz = bpf_map__key_size(m->map);
	e->vsz = bpf_map__value_size(m->map);
	size_t raw_sz = m->percpu ? ((e->vsz + 7) / 8 * 8) * ncpu : e->vsz;
	size_t cap = bpf_map__max_entries(m->map);
	e->n = 0;
	e->keys = malloc(cap * e->ksz + 1);
	e->vals = malloc(cap * e->vsz + 1);
	unsigned char *raw = calloc(1, raw_sz), *prev = NULL;
	if (!e->keys || !e->vals || !raw || ncpu < 1) {
		free(raw);
		log_err("out of memory reading map %s", m->name);
		return -ENOMEM;
	}
	while (e->n < cap && !bpf_map_get_next_key(fd, prev, e->keys + e->n * e->ksz)) {
		unsigned char *k = e->keys + e->n * e->ksz, *v = e->vals + e->n * e->vsz;
		prev = k;
		if (bpf_map_lookup_elem(fd, k, raw))
			continue; /* deleted meanwhile */
		if (m->percpu) {
			memset(v, 0, e->vsz);
			for (int c = 0; c < ncpu; c++)
				for (size_t w = 0; w < e->vsz / 8; w++) {
					uint64_t sum, add;
					memcpy(&sum, v + w * 8, 8);
					memcpy(&add, raw + c * ((e->vsz + 7) / 8 * 8) + w * 8, 8);
					sum += add;
					memcpy(v + w * 8, &sum, 8);
				}
		} else {
			memcpy(v, raw, e->vsz);
		}
		e->n++;
	}
	if (clear) {
		memset(raw, 0, raw_sz);
		for (size_t i = 0; i < e->n; i++) {
			if (m->array)
				bpf_map_update_elem(fd, e->keys + i * e->ksz, raw, BPF_ANY);
			else
				bpf_map_delete_elem(fd, e->keys + i * e->ksz);
		}
	}
	free(raw);
	return 0;
}

static bool all_zero(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

/* ------------------------------------------------------------ histograms */

static uint64_t slot_at(const struct run *r, uint32_t id, const void *v, size_t size)
{
	struct btfprint_col c = { .type_id = id };
	int64_t x;
	bool sgn;
	return btfprint_col_int(r->btf, &c, v, size, &x, &sgn) && x > 0 ? (uint64_t)x : 0;
}

static void print_hist(struct run *r, struct run_map *m, const uint64_t *slots, int n, const char *header,
		       const char *label)
{
	struct json j;
	if (r->json) {
		json_init(&j, stdout, false);
		json_object(&j, NULL);
		json_str(&j, "map", m->name);
		if (m->kind == RUN_LOG2) {
			histo_json_log2_data(&j, slots, n, m->val_type);
		} else {
			/* histo_json_linear's members, in this object. */
			json_str(&j, "val_type", m->val_type);
			json_array(&j, "data");
			for (int i = 0; i < n; i++) {
				json_object(&j, NULL);
				json_u64(&j, "interval-start", i);
				json_u64(&j, "interval-end", i);
				json_u64(&j, "count", slots[i]);
				json_close(&j);
			}
			json_close(&j);
		}
		if (header)
			json_str(&j, header, label);
		json_line_end(&j);
		return;
	}
	if (m->kind == RUN_LOG2)
		histo_print_log2_section(stdout, header, label, slots, n, m->val_type, false);
	else
		histo_print_linear_section(stdout, header, label, slots, n, m->val_type, false);
}

static struct run *sort_run;
static struct run_map *sort_map;
static struct entries *sort_entries;

/* Keys in ascending order: by the first column when it is an integer,
 * then by their text. */
static int key_order(const void *a, const void *b)
{
	size_t i = *(const size_t *)a, k = *(const size_t *)b;
	const struct entries *e = sort_entries;
	const struct btfprint_col *c = &sort_map->kcols[0];
	int64_t x, y;
	bool sx, sy;
	if (btfprint_col_int(sort_run->btf, c, e->keys + i * e->ksz, e->ksz, &x, &sx) &&
	    btfprint_col_int(sort_run->btf, c, e->keys + k * e->ksz, e->ksz, &y, &sy) && x != y)
		return sx ? (x < y ? -1 : 1) : ((uint64_t)x < (uint64_t)y ? -1 : 1);
	char ta[256], tb[256];
	btfprint_text(sort_run->btf, sort_map->key_id, e->keys + i * e->ksz, e->ksz, ta, sizeof(ta));
	btfprint_text(sort_run->btf, sort_map->key_id, e->keys + k * e->ksz, e->ksz, tb, sizeof(tb));
	return strcmp(ta, tb);
}

/* Counters: the value's first integer column, largest first, then keys. */
static int value_order(const void *a, const void *b)
{
	size_t i = *(const size_t *)a, k = *(const size_t *)b;
	const struct entries *e = sort_entries;
	for (int c = 0; c < sort_map->nv; c++) {
		int64_t x, y;
		bool sx, sy;
		if (!btfprint_col_int(sort_run->btf, &sort_map->vcols[c], e->vals + i * e->vsz, e->vsz, &x, &sx) ||
		    !btfprint_col_int(sort_run->btf, &sort_map->vcols[c], e->vals + k * e->vsz, e->vsz, &y, &sy))
			continue;
		if (x != y)
			return sx ? (x > y ? -1 : 1) : ((uint64_t)x > (uint64_t)y ? -1 : 1);
		break;
	}
	return key_order(a, b);
}

static size_t *sorted(struct run *r, struct run_map *m, struct entries *e, int (*cmp)(const void *, const void *))
{
	size_t *idx = malloc((e->n + 1) * sizeof(*idx));
	if (!idx)
		return NULL;
	for (size_t i = 0; i < e->n; i++)
		idx[i] = i;
	sort_run = r, sort_map = m, sort_entries = e;
	qsort(idx, e->n, sizeof(*idx), cmp);
	return idx;
}

static void print_hists(struct run *r, struct run_map *m, struct entries *e)
{
	if (m->array) {
		uint64_t *slots = calloc(e->n + 1, sizeof(*slots));
		if (!slots)
			return;
		for (size_t i = 0; i < e->n; i++) {
			uint32_t idx;
			memcpy(&idx, e->keys + i * e->ksz, sizeof(idx));
			if (idx < e->n)
				slots[idx] = slot_at(r, m->value_id, e->vals + i * e->vsz, e->vsz);
		}
		int n = m->kind == RUN_LOG2 && e->n > HISTO_LOG2_MAX_SLOTS ? HISTO_LOG2_MAX_SLOTS : (int)e->n;
		print_hist(r, m, slots, n, NULL, NULL);
		free(slots);
		return;
	}
	size_t *idx = sorted(r, m, e, key_order);
	uint64_t *slots = calloc(m->nslots, sizeof(*slots));
	for (size_t s = 0; idx && slots && s < e->n; s++) {
		const unsigned char *v = e->vals + idx[s] * e->vsz, *k = e->keys + idx[s] * e->ksz;
		memcpy(slots, v, (size_t)m->nslots * 8 <= e->vsz ? (size_t)m->nslots * 8 : e->vsz);
		char label[256];
		const char *header = m->nk == 1 ? m->kcols[0].name : "key";
		if (m->nk == 1) {
			btfprint_col_text(r->btf, &m->kcols[0], k, e->ksz, label, sizeof(label));
		} else {
			btfprint_text(r->btf, m->key_id, k, e->ksz, label, sizeof(label));
			/* "{pid=1 comm=x}" -> "pid=1 comm=x" */
			size_t n = strlen(label);
			if (n >= 2 && label[0] == '{') {
				memmove(label, label + 1, n - 2);
				label[n - 2] = 0;
			}
		}
		int n = m->kind == RUN_LOG2 && m->nslots > HISTO_LOG2_MAX_SLOTS ? HISTO_LOG2_MAX_SLOTS : m->nslots;
		print_hist(r, m, slots, n, header, label);
	}
	free(slots);
	free(idx);
}

/* ------------------------------------------------------------ tables */

static void print_counts_json(struct run *r, struct run_map *m, struct entries *e, const size_t *idx)
{
	for (size_t s = 0; s < e->n; s++) {
		const unsigned char *k = e->keys + idx[s] * e->ksz, *v = e->vals + idx[s] * e->vsz;
		struct json j;
		json_init(&j, stdout, false);
		json_object(&j, NULL);
		json_str(&j, "map", m->name);
		btfprint_json(&j, "key", r->btf, m->key_id, k, e->ksz);
		btfprint_json(&j, "value", r->btf, m->value_id, v, e->vsz);
		int pid = run_record_pid(r, m->kcols, m->nk, k, e->ksz);
		for (int c = 0; c < m->nk; c++) {
			bool kern;
			int64_t id;
			bool sgn;
			if (run_stack_col(&m->kcols[c], &kern) &&
			    btfprint_col_int(r->btf, &m->kcols[c], k, e->ksz, &id, &sgn))
				run_print_stack(r, &j, m->kcols[c].name, id, kern, pid);
		}
		json_line_end(&j);
	}
}

/* Left-aligned in its width, two spaces apart; the last not padded. */
static void print_cell(const char *text, size_t width, bool last)
{
	if (last)
		printf("%s\n", text);
	else
		printf("%-*s  ", (int)width, text);
}

static void print_counts(struct run *r, struct run_map *m, struct entries *e)
{
	size_t *idx = sorted(r, m, e, value_order);
	if (!idx)
		return;
	if (r->json) {
		print_counts_json(r, m, e, idx);
		free(idx);
		return;
	}
	int nc = m->nk + m->nv;
	size_t width[2 * RUN_MAX_COLS];
	char(*cells)[128] = calloc((e->n + 1) * nc, sizeof(*cells));
	if (!cells) {
		free(idx);
		return;
	}
	for (int c = 0; c < nc; c++)
		width[c] = strlen(c < m->nk ? m->kcols[c].name : m->vcols[c - m->nk].name);
	for (size_t s = 0; s < e->n; s++) {
		const unsigned char *k = e->keys + idx[s] * e->ksz, *v = e->vals + idx[s] * e->vsz;
		for (int c = 0; c < nc; c++) {
			char *cell = cells[s * nc + c];
			if (c < m->nk)
				btfprint_col_text(r->btf, &m->kcols[c], k, e->ksz, cell, sizeof(*cells));
			else
				btfprint_col_text(r->btf, &m->vcols[c - m->nk], v, e->vsz, cell, sizeof(*cells));
			size_t w = strlen(cell);
			width[c] = w > width[c] ? w : width[c];
		}
	}
	printf("\n%s:\n", m->name);
	for (int c = 0; c < nc; c++)
		print_cell(c < m->nk ? m->kcols[c].name : m->vcols[c - m->nk].name, width[c], c + 1 == nc);
	for (size_t s = 0; s < e->n; s++) {
		for (int c = 0; c < nc; c++)
			print_cell(cells[s * nc + c], width[c], c + 1 == nc);
		const unsigned char *k = e->keys + idx[s] * e->ksz;
		int pid = run_record_pid(r, m->kcols, m->nk, k, e->ksz);
		for (int c = 0; c < m->nk; c++) {
			bool kern, sgn;
			int64_t id;
			if (run_stack_col(&m->kcols[c], &kern) &&
			    btfprint_col_int(r->btf, &m->kcols[c], k, e->ksz, &id, &sgn))
				run_print_stack(r, NULL, m->kcols[c].name, id, kern, pid);
		}
	}
	free(cells);
	free(idx);
}

int run_print_maps(struct run *r, bool clear)
{
	for (int i = 0; i < r->n; i++) {
		struct run_map *m = &r->maps[i];
		if (m->kind != RUN_COUNTS && m->kind != RUN_LOG2 && m->kind != RUN_LINEAR)
			continue;
		struct entries e = { 0 };
		int err = read_entries(m, clear, &e);
		if (!err && m->array && m->kind == RUN_COUNTS) {
			/* An array's unused slots are zeros: left out, as BCC's. */
			size_t kept = 0;
			for (size_t s = 0; s < e.n; s++) {
				if (all_zero(e.vals + s * e.vsz, e.vsz))
					continue;
				memmove(e.keys + kept * e.ksz, e.keys + s * e.ksz, e.ksz);
				memmove(e.vals + kept * e.vsz, e.vals + s * e.vsz, e.vsz);
				kept++;
			}
			e.n = kept;
		}
		if (!err && m->kind == RUN_COUNTS)
			print_counts(r, m, &e);
		else if (!err) {
			if (!r->json)
				printf("\n%s:\n", m->name);
			print_hists(r, m, &e);
		}
		free(e.keys);
		free(e.vals);
		if (err)
			return err;
	}
	fflush(stdout);
	return 0;
}
