#include "core/stacks/pprof.h"

#include "core/stacks/protowire.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

/* profile.proto's field numbers. */
enum {
	PROFILE_SAMPLE_TYPE = 1,
	PROFILE_SAMPLE = 2,
	PROFILE_MAPPING = 3,
	PROFILE_LOCATION = 4,
	PROFILE_FUNCTION = 5,
	PROFILE_STRING_TABLE = 6,
	PROFILE_TIME_NANOS = 9,
	PROFILE_DURATION_NANOS = 10,
	PROFILE_PERIOD_TYPE = 11,
	PROFILE_PERIOD = 12,
	PROFILE_DEFAULT_SAMPLE_TYPE = 14,
	VALUE_TYPE_TYPE = 1,
	VALUE_TYPE_UNIT = 2,
	SAMPLE_LOCATION_ID = 1,
	SAMPLE_VALUE = 2,
	SAMPLE_LABEL = 3,
	LABEL_KEY = 1,
	LABEL_STR = 2,
	LABEL_NUM = 3,
	MAPPING_ID = 1,
	MAPPING_MEMORY_START = 2,
	MAPPING_MEMORY_LIMIT = 3,
	MAPPING_FILE_OFFSET = 4,
	MAPPING_FILENAME = 5,
	MAPPING_BUILD_ID = 6,
	MAPPING_HAS_FUNCTIONS = 7,
	MAPPING_HAS_FILENAMES = 8,
	MAPPING_HAS_LINE_NUMBERS = 9,
	MAPPING_HAS_INLINE_FRAMES = 10,
	LOCATION_ID = 1,
	LOCATION_MAPPING_ID = 2,
	LOCATION_ADDRESS = 3,
	LOCATION_LINE = 4,
	LINE_FUNCTION_ID = 1,
	LINE_LINE = 2,
	FUNCTION_ID = 1,
	FUNCTION_NAME = 2,
	FUNCTION_SYSTEM_NAME = 3,
	FUNCTION_FILENAME = 4,
};

/* Byte strings to dense ids (0, 1, ...), by open addressing. */
struct itab {
	struct ient {
		uint64_t hash;
		void *key; /* NULL: free slot */
		size_t len;
		uint32_t id;
	} *slots;
	size_t cap, n;
};

static uint64_t fnv(const void *k, size_t n)
{
	const uint8_t *p = k;
	uint64_t h = 0xcbf29ce484222325ULL;
	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 0x100000001b3ULL;
	return h;
}

static struct ient *slot(struct itab *t, uint64_t h, const void *k, size_t n)
{
	for (size_t i = h & (t->cap - 1);; i = (i + 1) & (t->cap - 1)) {
		struct ient *e = &t->slots[i];
		if (!e->key || (e->hash == h && e->len == n && !memcmp(e->key, k, n)))
			return e;
	}
}

static int grow(struct itab *t)
{
	size_t cap = t->cap ? t->cap * 2 : 64;
	struct ient *old = t->slots, *s = calloc(cap, sizeof(*s));
	if (!s)
		return -ENOMEM;
	size_t oldcap = t->cap;
	t->slots = s;
	t->cap = cap;
	for (size_t i = 0; i < oldcap; i++)
		if (old[i].key)
			*slot(t, old[i].hash, old[i].key, old[i].len) = old[i];
	free(old);
	return 0;
}

/* The id of key; *added when it is new (it gets the next id). */
static int64_t intern(struct itab *t, const void *k, size_t n, bool *added)
{
	*added = false;
	if ((t->n + 1) * 2 > t->cap && grow(t))
		return -ENOMEM;
	uint64_t h = fnv(k, n);
	struct ient *e = slot(t, h, k, n);
	if (e->key)
		return e->id;
	/* A zero-length key still needs a non-NULL pointer to mark the slot. */
	void *copy = malloc(n ? n : 1);
	if (!copy)
		return -ENOMEM;
	memcpy(copy, k, n);
	*e = (struct ient){ .hash = h, .key = copy, .len = n, .id = (uint32_t)t->n++ };
	*added = true;
	return e->id;
}

static int64_t lookup(struct itab *t, const void *k, size_t n)
{
	if (!t->cap)
		return -ENOENT;
	uint64_t h = fnv(k, n);
	struct ient *e = slot(t, h, k, n);
	return e->key ? (int64_t)e->id : -ENOENT;
}

static void itab_free(struct itab *t)
{
	for (size_t i = 0; i < t->cap; i++)
		free(t->slots[i].key);
	free(t->slots);
}

struct pprof {
	struct pprof_opts o;
	struct itab strings, functions, mappings, locations;
	/* Each message encoded as it is first seen, as the Profile's fields. */
	struct pbuf string_table, function, mapping, last_mapping, location, sample;
	int err; /* the first failure, sticky: a profile missing parts is not written */
};

static int64_t str(struct pprof *p, const char *s)
{
	bool added;
	s = s ? s : "";
	int64_t id = intern(&p->strings, s, strlen(s), &added);
	if (id < 0 && !p->err)
		p->err = (int)id;
	if (added)
		pb_str(&p->string_table, PROFILE_STRING_TABLE, s);
	return id;
}

static int64_t fail(struct pprof *p, int64_t err)
{
	if (!p->err)
		p->err = (int)err;
	return err;
}

struct pprof *pprof_new(const struct pprof_opts *o)
{
	struct pprof *p = calloc(1, sizeof(*p));
	if (!p)
		return NULL;
	p->o = *o;
	str(p, ""); /* string_table[0] must be "" */
	return p;
}

void pprof_free(struct pprof *p)
{
	if (!p)
		return;
	itab_free(&p->strings);
	itab_free(&p->functions);
	itab_free(&p->mappings);
	itab_free(&p->locations);
	pb_free(&p->string_table);
	pb_free(&p->function);
	pb_free(&p->mapping);
	pb_free(&p->last_mapping);
	pb_free(&p->location);
	pb_free(&p->sample);
	free(p);
}

static void hex(const uint8_t *id, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[id[i] >> 4];
		out[2 * i + 1] = digits[id[i] & 15];
	}
	out[2 * n] = 0;
}

int64_t pprof_mapping(struct pprof *p, const struct pprof_mapping *m)
{
	char build_id[129];
	hex(m->build_id, m->build_id_len > 64 ? 64 : m->build_id_len, build_id);
	int64_t file = str(p, m->file), bid = str(p, build_id);
	if (file < 0 || bid < 0)
		return fail(p, -ENOMEM);
	uint64_t key[6] = { m->start, m->limit, m->offset, (uint64_t)file, (uint64_t)bid, m->last };
	bool added;
	int64_t id = intern(&p->mappings, key, sizeof(key), &added);
	if (id < 0)
		return fail(p, id);
	if (added) {
		struct pbuf *b = m->last ? &p->last_mapping : &p->mapping;
		size_t mark = pb_begin(b, PROFILE_MAPPING);
		pb_uint(b, MAPPING_ID, id + 1);
		pb_uint(b, MAPPING_MEMORY_START, m->start);
		pb_uint(b, MAPPING_MEMORY_LIMIT, m->limit);
		pb_uint(b, MAPPING_FILE_OFFSET, m->offset);
		pb_int(b, MAPPING_FILENAME, file);
		pb_int(b, MAPPING_BUILD_ID, bid);
		/* The locations come symbolized (names, files, lines, inline
		 * chains): nothing for pprof to look up in the files again. */
		pb_uint(b, MAPPING_HAS_FUNCTIONS, 1);
		pb_uint(b, MAPPING_HAS_FILENAMES, 1);
		pb_uint(b, MAPPING_HAS_LINE_NUMBERS, 1);
		pb_uint(b, MAPPING_HAS_INLINE_FRAMES, 1);
		pb_end(b, mark);
	}
	return id + 1;
}

static int64_t function(struct pprof *p, const struct pprof_line *l)
{
	int64_t name = str(p, l->name), sys = str(p, l->system_name ? l->system_name : l->name),
		file = str(p, l->file);
	if (name < 0 || sys < 0 || file < 0)
		return fail(p, -ENOMEM);
	int64_t key[3] = { name, sys, file };
	bool added;
	int64_t id = intern(&p->functions, key, sizeof(key), &added);
	if (id < 0)
		return fail(p, id);
	if (added) {
		struct pbuf *b = &p->function;
		size_t mark = pb_begin(b, PROFILE_FUNCTION);
		pb_uint(b, FUNCTION_ID, id + 1);
		pb_int(b, FUNCTION_NAME, name);
		pb_int(b, FUNCTION_SYSTEM_NAME, sys);
		pb_int(b, FUNCTION_FILENAME, file);
		pb_end(b, mark);
	}
	return id + 1;
}

/* A location's key: its mapping and address; a pseudo frame's, its name. */
struct loc_key {
	uint64_t mapping, addr;
	int64_t name;
};

int64_t pprof_location_find(struct pprof *p, uint64_t mapping, uint64_t addr)
{
	struct loc_key k = { mapping, addr, 0 };
	int64_t id = lookup(&p->locations, &k, sizeof(k));
	return id < 0 ? 0 : id + 1;
}

static int64_t location(struct pprof *p, const struct loc_key *k, const struct pprof_line *lines, int n)
{
	int64_t fn[64];
	n = n > 64 ? 64 : n;
	for (int i = 0; i < n; i++)
		if ((fn[i] = function(p, &lines[i])) < 0)
			return fn[i];
	bool added;
	int64_t id = intern(&p->locations, k, sizeof(*k), &added);
	if (id < 0)
		return fail(p, id);
	if (added) {
		struct pbuf *b = &p->location;
		size_t mark = pb_begin(b, PROFILE_LOCATION);
		pb_uint(b, LOCATION_ID, id + 1);
		pb_uint(b, LOCATION_MAPPING_ID, k->mapping);
		pb_uint(b, LOCATION_ADDRESS, k->addr);
		for (int i = 0; i < n; i++) {
			size_t line = pb_begin(b, LOCATION_LINE);
			pb_int(b, LINE_FUNCTION_ID, fn[i]);
			pb_int(b, LINE_LINE, lines[i].line);
			pb_end(b, line);
		}
		pb_end(b, mark);
	}
	return id + 1;
}

int64_t pprof_location_add(struct pprof *p, uint64_t mapping, uint64_t addr, const struct pprof_line *lines,
			   int nlines)
{
	struct loc_key k = { mapping, addr, 0 };
	return location(p, &k, lines, nlines);
}

int64_t pprof_pseudo_location(struct pprof *p, const char *name)
{
	int64_t sid = str(p, name);
	if (sid < 0)
		return fail(p, sid);
	struct loc_key k = { 0, 0, sid };
	struct pprof_line l = { .name = name };
	return location(p, &k, &l, 1);
}

int pprof_sample(struct pprof *p, const uint64_t *locs, int nlocs, const int64_t *values,
		 const struct pprof_label *labels, int nlabels)
{
	int64_t keys[8], strs[8];
	nlabels = nlabels > 8 ? 8 : nlabels;
	for (int i = 0; i < nlabels; i++) {
		keys[i] = str(p, labels[i].key);
		strs[i] = labels[i].str ? str(p, labels[i].str) : 0;
		if (keys[i] < 0 || strs[i] < 0)
			return (int)fail(p, -ENOMEM);
	}
	struct pbuf *b = &p->sample;
	size_t mark = pb_begin(b, PROFILE_SAMPLE);
	pb_packed(b, SAMPLE_LOCATION_ID, locs, nlocs);
	uint64_t v[2];
	for (int i = 0; i < p->o.ntypes; i++)
		v[i] = (uint64_t)values[i];
	pb_packed(b, SAMPLE_VALUE, v, p->o.ntypes);
	for (int i = 0; i < nlabels; i++) {
		size_t label = pb_begin(b, SAMPLE_LABEL);
		pb_int(b, LABEL_KEY, keys[i]);
		if (labels[i].str)
			pb_int(b, LABEL_STR, strs[i]);
		else
			pb_int(b, LABEL_NUM, labels[i].num);
		pb_end(b, label);
	}
	pb_end(b, mark);
	return b->err ? (int)fail(p, b->err) : 0;
}

static void value_type(struct pprof *p, struct pbuf *b, int field, const struct pprof_type *t)
{
	int64_t type = str(p, t->type), unit = str(p, t->unit);
	size_t mark = pb_begin(b, field);
	pb_int(b, VALUE_TYPE_TYPE, type);
	pb_int(b, VALUE_TYPE_UNIT, unit);
	pb_end(b, mark);
}

static int write_all(int fd, const uint8_t *d, size_t n)
{
	while (n) {
		ssize_t w = write(fd, d, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return w < 0 ? -errno : -EIO;
		d += w;
		n -= (size_t)w;
	}
	return 0;
}

/* gzip, not raw deflate: what pprof's readers expect of a .pb.gz. */
static int gzip_to(int fd, const uint8_t *d, size_t n)
{
	z_stream z = { 0 };
	uint8_t out[65536];
	if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return -ENOMEM;
	z.next_in = (uint8_t *)d;
	z.avail_in = (uInt)n;
	int zr, err = 0;
	do {
		z.next_out = out;
		z.avail_out = sizeof(out);
		zr = deflate(&z, Z_FINISH);
		if (zr == Z_STREAM_ERROR) {
			err = -EIO;
			break;
		}
		err = write_all(fd, out, sizeof(out) - z.avail_out);
	} while (!err && zr != Z_STREAM_END);
	deflateEnd(&z);
	return err;
}

int pprof_write(struct pprof *p, int fd, int64_t duration_nanos)
{
	struct pbuf head = { 0 }, all = { 0 };
	for (int i = 0; i < p->o.ntypes; i++)
		value_type(p, &head, PROFILE_SAMPLE_TYPE, &p->o.types[i]);
	value_type(p, &head, PROFILE_PERIOD_TYPE, &p->o.period_type);
	pb_int(&head, PROFILE_PERIOD, p->o.period);
	pb_int(&head, PROFILE_TIME_NANOS, p->o.time_nanos);
	pb_int(&head, PROFILE_DURATION_NANOS, duration_nanos);
	if (p->o.default_type >= 0 && p->o.default_type < p->o.ntypes)
		pb_int(&head, PROFILE_DEFAULT_SAMPLE_TYPE, str(p, p->o.types[p->o.default_type].type));
	/* A message is the concatenation of its fields, in any order. */
	const struct pbuf *parts[] = { &head, &p->sample, &p->mapping, &p->last_mapping, &p->location, &p->function, &p->string_table };
	int err = p->err;
	for (size_t i = 0; !err && i < sizeof(parts) / sizeof(parts[0]); i++) {
		err = parts[i]->err;
		pb_raw(&all, parts[i]->data, parts[i]->len);
		err = err ?: all.err;
	}
	err = err ?: gzip_to(fd, all.data, all.len);
	pb_free(&head);
	pb_free(&all);
	return err;
}
