/* Formatting by BTF: walks a type as libbpf's btf.h describes it and
 * prints the bytes of a value of it.  Little-endian only (x86_64), as the
 * rest of bpfkit. */
#include "core/btfprint.h"
#include "histo/json.h"

#include <bpf/btf.h>
#include <ctype.h>
#include <stdarg.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* Nesting deeper than this is printed as "..." (a type that contains
 * itself cannot occur without a pointer, but a corrupt BTF could say so). */
#define MAX_DEPTH 16

uint32_t btfprint_resolve(const struct btf *btf, uint32_t id)
{
	for (int guard = 0; guard < 64; guard++) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		if (!t)
			return 0;
		switch (btf_kind(t)) {
		case BTF_KIND_TYPEDEF:
		case BTF_KIND_CONST:
		case BTF_KIND_VOLATILE:
		case BTF_KIND_RESTRICT:
		case BTF_KIND_TYPE_TAG:
			id = t->type;
			continue;
		default:
			return id;
		}
	}
	return 0;
}

/* nbits bits at bit_off of data, or false when they are not all there. */
static bool read_bits(const unsigned char *d, size_t size, uint64_t bit_off, uint32_t nbits, uint64_t *v)
{
	if (!nbits || nbits > 64 || (bit_off + nbits + 7) / 8 > size)
		return false;
	uint64_t r = 0;
	if (bit_off % 8 == 0 && nbits % 8 == 0) {
		memcpy(&r, d + bit_off / 8, nbits / 8);
	} else {
		for (uint32_t i = 0; i < nbits; i++) {
			uint64_t b = bit_off + i;
			if (d[b / 8] >> (b % 8) & 1)
				r |= 1ULL << i;
		}
	}
	*v = r;
	return true;
}

static int64_t sign_extend(uint64_t v, uint32_t nbits)
{
	if (nbits >= 64)
		return (int64_t)v;
	uint64_t m = 1ULL << (nbits - 1);
	return (int64_t)((v ^ m) - m);
}

/* An integer-like value at bit_off: INT (up to 64 bits), ENUM, ENUM64.
 * nbits 0: the type's own width. */
static bool int_value(const struct btf *btf, uint32_t id, const void *data, size_t size, uint64_t bit_off,
		      uint32_t nbits, int64_t *v, bool *is_signed)
{
	const struct btf_type *t = btf__type_by_id(btf, btfprint_resolve(btf, id));
	if (!t)
		return false;
	bool sgn;
	uint32_t width;
	if (btf_is_int(t)) {
		uint32_t enc = btf_int_encoding(t);
		sgn = enc & BTF_INT_SIGNED;
		width = btf_int_bits(t);
		bit_off += btf_int_offset(t);
	} else if (btf_is_any_enum(t)) {
		sgn = btf_kflag(t);
		width = t->size * 8;
	} else {
		return false;
	}
	if (nbits)
		width = nbits;
	uint64_t raw;
	if (!read_bits(data, size, bit_off, width, &raw))
		return false;
	*v = sgn ? sign_extend(raw, width) : (int64_t)raw;
	*is_signed = sgn;
	return true;
}

/* A growing line in a fixed buffer: what does not fit is cut. */
struct out {
	char *buf;
	size_t len, used;
};

__attribute__((format(printf, 2, 3))) static void put(struct out *o, const char *fmt, ...)
{
	if (o->used + 1 >= o->len)
		return;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(o->buf + o->used, o->len - o->used, fmt, ap);
	va_end(ap);
	if (n > 0)
		o->used = o->used + n < o->len ? o->used + n : o->len - 1;
}

static bool is_char_type(const struct btf *btf, uint32_t id)
{
	const struct btf_type *t = btf__type_by_id(btf, btfprint_resolve(btf, id));
	if (!t || !btf_is_int(t) || t->size != 1)
		return false;
	if (btf_int_encoding(t) & BTF_INT_CHAR)
		return true;
	const char *n = btf__name_by_offset(btf, t->name_off);
	return n && strstr(n, "char");
}

/* The string in a char array: up to the first NUL. */
static size_t cstr_len(const unsigned char *d, size_t n)
{
	const unsigned char *z = memchr(d, 0, n);
	return z ? (size_t)(z - d) : n;
}

static const char *enum_name(const struct btf *btf, const struct btf_type *t, int64_t v)
{
	if (btf_is_enum(t)) {
		const struct btf_enum *e = btf_enum(t);
		for (int i = 0; i < btf_vlen(t); i++, e++)
			if ((btf_kflag(t) ? (int64_t)e->val : (int64_t)(uint32_t)e->val) == v ||
			    (uint32_t)e->val == (uint32_t)v)
				return btf__name_by_offset(btf, e->name_off);
	} else if (btf_is_enum64(t)) {
		const struct btf_enum64 *e = btf_enum64(t);
		for (int i = 0; i < btf_vlen(t); i++, e++)
			if ((int64_t)btf_enum64_value(e) == v)
				return btf__name_by_offset(btf, e->name_off);
	}
	return NULL;
}

static const char *member_name(const struct btf *btf, const struct btf_member *m, int i, char tmp[16])
{
	const char *n = btf__name_by_offset(btf, m->name_off);
	if (n && *n)
		return n;
	snprintf(tmp, 16, "_%d", i);
	return tmp;
}

static void text_at(struct out *o, const struct btf *btf, uint32_t id, const unsigned char *d, size_t size,
		    uint64_t bit_off, uint32_t nbits, int depth);

static void text_members(struct out *o, const struct btf *btf, const struct btf_type *t, const unsigned char *d,
			 size_t size, uint64_t bit_off, int depth)
{
	const struct btf_member *m = btf_members(t);
	put(o, "{");
	for (int i = 0; i < btf_vlen(t); i++, m++) {
		char tmp[16];
		put(o, "%s%s=", i ? " " : "", member_name(btf, m, i, tmp));
		text_at(o, btf, m->type, d, size, bit_off + btf_member_bit_offset(t, i),
			btf_member_bitfield_size(t, i), depth + 1);
	}
	put(o, "}");
}

static void text_at(struct out *o, const struct btf *btf, uint32_t id, const unsigned char *d, size_t size,
		    uint64_t bit_off, uint32_t nbits, int depth)
{
	id = btfprint_resolve(btf, id);
	const struct btf_type *t = btf__type_by_id(btf, id);
	if (!t || depth > MAX_DEPTH) {
		put(o, "?");
		return;
	}
	int64_t v;
	bool sgn;
	if (btf_is_int(t) && btf_int_bits(t) > 64) {
		/* __int128: as hex, high half first. */
		uint64_t lo, hi;
		if (bit_off % 8 || !read_bits(d, size, bit_off, 64, &lo) || !read_bits(d, size, bit_off + 64, 64, &hi))
			put(o, "?");
		else
			put(o, "0x%" PRIx64 "%016" PRIx64, hi, lo);
		return;
	}
	if (btf_is_int(t) || btf_is_any_enum(t)) {
		if (!int_value(btf, id, d, size, bit_off, nbits, &v, &sgn)) {
			put(o, "?");
			return;
		}
		const char *name = btf_is_any_enum(t) ? enum_name(btf, t, v) : NULL;
		if (name)
			put(o, "%s", name);
		else if (btf_is_int(t) && btf_int_encoding(t) & BTF_INT_BOOL)
			put(o, "%s", v ? "true" : "false");
		else if (sgn)
			put(o, "%" PRId64, v);
		else
			put(o, "%" PRIu64, (uint64_t)v);
		return;
	}
	if (bit_off % 8) {
		put(o, "?");
		return;
	}
	size_t off = bit_off / 8;
	switch (btf_kind(t)) {
	case BTF_KIND_PTR: {
		uint64_t p;
		if (read_bits(d, size, bit_off, 64, &p))
			put(o, "0x%" PRIx64, p);
		else
			put(o, "?");
		return;
	}
	case BTF_KIND_FLOAT:
		if (off + t->size > size || (t->size != 4 && t->size != 8)) {
			put(o, "?");
		} else if (t->size == 4) {
			float f;
			memcpy(&f, d + off, 4);
			put(o, "%g", f);
		} else {
			double f;
			memcpy(&f, d + off, 8);
			put(o, "%g", f);
		}
		return;
	case BTF_KIND_ARRAY: {
		const struct btf_array *a = btf_array(t);
		if (is_char_type(btf, a->type)) {
			size_t n = off < size ? size - off : 0;
			n = n < a->nelems ? n : a->nelems;
			n = cstr_len(d + off, n);
			for (size_t i = 0; i < n; i++) {
				unsigned char c = d[off + i];
				if (isprint(c) && c != '\\')
					put(o, "%c", c);
				else
					put(o, "\\x%02x", c);
			}
			return;
		}
		long long esz = btf__resolve_size(btf, a->type);
		put(o, "[");
		for (uint32_t i = 0; esz > 0 && i < a->nelems; i++) {
			put(o, "%s", i ? ", " : "");
			text_at(o, btf, a->type, d, size, bit_off + (uint64_t)i * esz * 8, 0, depth + 1);
		}
		put(o, "]");
		return;
	}
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		text_members(o, btf, t, d, size, bit_off, depth);
		return;
	default:
		put(o, "?");
	}
}

static void json_at(struct json *j, const char *key, const struct btf *btf, uint32_t id, const unsigned char *d,
		    size_t size, uint64_t bit_off, uint32_t nbits, int depth)
{
	id = btfprint_resolve(btf, id);
	const struct btf_type *t = btf__type_by_id(btf, id);
	int64_t v;
	bool sgn;
	if (t && depth <= MAX_DEPTH && (btf_is_int(t) || btf_is_any_enum(t)) &&
	    int_value(btf, id, d, size, bit_off, nbits, &v, &sgn)) {
		const char *name = btf_is_any_enum(t) ? enum_name(btf, t, v) : NULL;
		if (name)
			json_str(j, key, name);
		else if (btf_is_int(t) && btf_int_encoding(t) & BTF_INT_BOOL)
			json_bool(j, key, v);
		else if (sgn)
			json_i64(j, key, v);
		else
			json_u64(j, key, (uint64_t)v);
		return;
	}
	if (t && depth <= MAX_DEPTH && bit_off % 8 == 0 && btf_is_array(t)) {
		const struct btf_array *a = btf_array(t);
		size_t off = bit_off / 8;
		if (is_char_type(btf, a->type)) {
			size_t n = off < size ? size - off : 0;
			n = n < a->nelems ? n : a->nelems;
			json_strn(j, key, (const char *)d + off, cstr_len(d + off, n));
			return;
		}
		long long esz = btf__resolve_size(btf, a->type);
		json_array(j, key);
		for (uint32_t i = 0; esz > 0 && i < a->nelems; i++)
			json_at(j, NULL, btf, a->type, d, size, bit_off + (uint64_t)i * esz * 8, 0, depth + 1);
		json_close(j);
		return;
	}
	if (t && depth <= MAX_DEPTH && bit_off % 8 == 0 && btf_is_composite(t)) {
		const struct btf_member *m = btf_members(t);
		json_object(j, key);
		for (int i = 0; i < btf_vlen(t); i++, m++) {
			char tmp[16];
			json_at(j, member_name(btf, m, i, tmp), btf, m->type, d, size,
				bit_off + btf_member_bit_offset(t, i), btf_member_bitfield_size(t, i), depth + 1);
		}
		json_close(j);
		return;
	}
	/* Pointers, floats, 128-bit integers: their text as a string; what
	 * cannot be read, null. */
	char buf[64];
	struct out o = { buf, sizeof(buf), 0 };
	buf[0] = 0;
	text_at(&o, btf, id, d, size, bit_off, nbits, depth);
	if (!strcmp(buf, "?"))
		json_null(j, key);
	else if (t && btf_kind(t) == BTF_KIND_FLOAT)
		json_raw(j, key, buf);
	else
		json_str(j, key, buf);
}

int btfprint_columns(const struct btf *btf, uint32_t id, const char *fallback, struct btfprint_col *cols, int max)
{
	id = btfprint_resolve(btf, id);
	const struct btf_type *t = btf__type_by_id(btf, id);
	if (!t || btf__resolve_size(btf, id) <= 0)
		return -EINVAL;
	if (!btf_is_composite(t)) {
		if (max < 1)
			return 0;
		cols[0] = (struct btfprint_col){ .name = fallback, .type_id = id };
		return 1;
	}
	const struct btf_member *m = btf_members(t);
	int n = 0;
	for (int i = 0; i < btf_vlen(t) && n < max; i++, m++) {
		const char *name = btf__name_by_offset(btf, m->name_off);
		cols[n++] = (struct btfprint_col){ .name = name && *name ? name : fallback,
						   .type_id = m->type,
						   .bit_off = btf_member_bit_offset(t, i),
						   .bit_size = btf_member_bitfield_size(t, i) };
	}
	return n;
}

void btfprint_col_text(const struct btf *btf, const struct btfprint_col *c, const void *data, size_t size,
		       char *buf, size_t len)
{
	struct out o = { buf, len, 0 };
	if (!len)
		return;
	buf[0] = 0;
	text_at(&o, btf, c->type_id, data, size, c->bit_off, c->bit_size, 0);
}

void btfprint_text(const struct btf *btf, uint32_t id, const void *data, size_t size, char *buf, size_t len)
{
	struct btfprint_col c = { .type_id = id };
	btfprint_col_text(btf, &c, data, size, buf, len);
}

void btfprint_col_json(struct json *j, const struct btf *btf, const struct btfprint_col *c, const void *data,
		       size_t size)
{
	json_at(j, c->name, btf, c->type_id, data, size, c->bit_off, c->bit_size, 0);
}

void btfprint_json(struct json *j, const char *key, const struct btf *btf, uint32_t id, const void *data,
		   size_t size)
{
	json_at(j, key, btf, id, data, size, 0, 0, 0);
}

bool btfprint_col_int(const struct btf *btf, const struct btfprint_col *c, const void *data, size_t size,
		      int64_t *v, bool *is_signed)
{
	const struct btf_type *t = btf__type_by_id(btf, btfprint_resolve(btf, c->type_id));
	if (!t || (btf_is_int(t) && btf_int_bits(t) > 64))
		return false;
	return int_value(btf, c->type_id, data, size, c->bit_off, c->bit_size, v, is_signed);
}
