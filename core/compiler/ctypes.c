#include "core/compiler/ctypes.h"

#include "symbolize/debuginfo.h"

#include <bpf/btf.h>
#include <ctype.h>
#include <dwarf.h>
#include <elfutils/libdw.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct ct_source {
	struct btf *btf;
	Dwarf *dw;
	int fd;
	struct ct_type *types; /* everything handed out, freed with the source */
};

/* Integer names without a source: what signatures and argdist types use. */
static struct ct_source builtin = { .fd = -1 };

static const struct {
	const char *name;
	int size;
	bool is_signed;
} ints[] = {
	{ "char", 1, true },	      { "signed char", 1, true },    { "unsigned char", 1, false },
	{ "short", 2, true },	      { "short int", 2, true },	     { "unsigned short", 2, false },
	{ "short unsigned int", 2, false }, { "int", 4, true },	     { "signed", 4, true },
	{ "signed int", 4, true },    { "unsigned", 4, false },	     { "unsigned int", 4, false },
	{ "long", 8, true },	      { "long int", 8, true },	     { "unsigned long", 8, false },
	{ "long unsigned int", 8, false }, { "unsigned long int", 8, false }, { "long long", 8, true },
	{ "long long int", 8, true }, { "unsigned long long", 8, false }, { "long long unsigned int", 8, false },
	{ "bool", 1, false },	      { "_Bool", 1, false },	     { "u8", 1, false },
	{ "u16", 2, false },	      { "u32", 4, false },	     { "u64", 8, false },
	{ "s8", 1, true },	      { "s16", 2, true },	     { "s32", 4, true },
	{ "s64", 8, true },	      { "__u8", 1, false },	     { "__u16", 2, false },
	{ "__u32", 4, false },	      { "__u64", 8, false },	     { "__s8", 1, true },
	{ "__s16", 2, true },	      { "__s32", 4, true },	     { "__s64", 8, true },
	{ "int8_t", 1, true },	      { "int16_t", 2, true },	     { "int32_t", 4, true },
	{ "int64_t", 8, true },	      { "uint8_t", 1, false },	     { "uint16_t", 2, false },
	{ "uint32_t", 4, false },     { "uint64_t", 8, false },	     { "size_t", 8, false },
	{ "ssize_t", 8, true },	      { "pid_t", 4, true },	     { "uid_t", 4, false },
	{ "gid_t", 4, false },	      { "off_t", 8, true },	     { "loff_t", 8, true },
	{ "gfp_t", 4, false },	      { "umode_t", 2, false },	     { "dev_t", 4, false },
	{ "uintptr_t", 8, false },    { "intptr_t", 8, true },
};

static struct ct_type *new_type(struct ct_source *s, enum ct_kind kind, int size, const char *name)
{
	struct ct_type *t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	t->kind = kind;
	t->size = size;
	t->src = s;
	snprintf(t->name, sizeof(t->name), "%s", name);
	t->next = s->types;
	s->types = t;
	return t;
}

const struct ct_type *ct_pointer_to(struct ct_source *s, const struct ct_type *t)
{
	if (!s)
		s = &builtin;
	for (struct ct_type *p = s->types; p; p = p->next)
		if (p->kind == CT_PTR && p->target == t)
			return p;
	char name[96];
	snprintf(name, sizeof(name), "%.92s *", t ? t->name : "void");
	struct ct_type *p = new_type(s, CT_PTR, 8, name);
	if (p)
		p->target = t;
	return p;
}

static struct ct_type *find_struct(struct ct_source *s, uint64_t handle)
{
	for (struct ct_type *t = s->types; t; t = t->next)
		if (t->kind == CT_STRUCT && t->handle == handle)
			return t;
	return NULL;
}

/* BTF */

static const struct ct_type *from_btf(struct ct_source *s, uint32_t id, int depth)
{
	const struct btf_type *t = btf__type_by_id(s->btf, id);
	if (!t || depth > 32)
		return NULL;
	const char *name = btf__name_by_offset(s->btf, t->name_off);
	switch (btf_kind(t)) {
	case BTF_KIND_INT: {
		struct ct_type *c = new_type(s, CT_INT, t->size, name);
		if (c)
			c->is_signed = btf_int_encoding(t) & BTF_INT_SIGNED;
		return c;
	}
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64: {
		struct ct_type *c = new_type(s, CT_INT, t->size, name);
		if (c)
			c->is_signed = btf_kflag(t);
		return c;
	}
	case BTF_KIND_PTR: {
		const struct btf_type *to = btf__type_by_id(s->btf, t->type);
		if (!t->type || !to || btf_is_func_proto(to))
			return ct_pointer_to(s, NULL);
		const struct ct_type *target = from_btf(s, t->type, depth + 1);
		return target ? ct_pointer_to(s, target) : NULL;
	}
	case BTF_KIND_ARRAY: {
		const struct btf_array *a = btf_array(t);
		const struct ct_type *elem = from_btf(s, a->type, depth + 1);
		if (!elem)
			return NULL;
		struct ct_type *c = new_type(s, CT_ARRAY, elem->size * (int)a->nelems, elem->name);
		if (c) {
			c->target = elem;
			c->nelems = a->nelems;
		}
		return c;
	}
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION: {
		struct ct_type *c = find_struct(s, id);
		if (c)
			return c;
		char full[96];
		snprintf(full, sizeof(full), "%s %s", btf_is_union(t) ? "union" : "struct", name);
		c = new_type(s, CT_STRUCT, t->size, full);
		if (c)
			c->handle = id;
		return c;
	}
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_CONST:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_TYPE_TAG:
		return from_btf(s, t->type, depth + 1);
	default:
		return NULL;
	}
}

static int btf_member(const struct ct_type *st, uint32_t id, const char *name, int base_bits, struct ct_member *out)
{
	const struct btf_type *t = btf__type_by_id(st->src->btf, id);
	const struct btf_member *m = btf_members(t);
	for (int i = 0; i < btf_vlen(t); i++, m++) {
		int bits = base_bits + (int)btf_member_bit_offset(t, i);
		const char *mname = btf__name_by_offset(st->src->btf, m->name_off);
		if (!mname || !*mname) {
			/* An unnamed struct or union: its members are ours. */
			int32_t inner = btf__resolve_type(st->src->btf, m->type);
			const struct btf_type *it = inner > 0 ? btf__type_by_id(st->src->btf, inner) : NULL;
			if (it && (btf_is_struct(it) || btf_is_union(it)) && !btf_member(st, inner, name, bits, out))
				return 0;
			continue;
		}
		if (strcmp(mname, name))
			continue;
		out->type = from_btf(st->src, m->type, 0);
		if (!out->type)
			return -ENOENT;
		int bsize = btf_member_bitfield_size(t, i);
		out->offset = bits / 8;
		out->bit_offset = bsize ? bits % 8 : 0;
		out->bit_size = bsize;
		return 0;
	}
	return -ENOENT;
}

/* DWARF */

static bool attr_udata(Dwarf_Die *d, int at, Dwarf_Word *v)
{
	Dwarf_Attribute a;
	return dwarf_attr_integrate(d, at, &a) && !dwarf_formudata(&a, v);
}

static const struct ct_type *from_die(struct ct_source *s, Dwarf_Die *d, int depth)
{
	if (depth > 32)
		return NULL;
	int tag = dwarf_tag(d);
	if (tag == DW_TAG_typedef || tag == DW_TAG_const_type || tag == DW_TAG_volatile_type ||
	    tag == DW_TAG_restrict_type || tag == DW_TAG_atomic_type) {
		Dwarf_Attribute a;
		Dwarf_Die inner;
		if (!dwarf_attr_integrate(d, DW_AT_type, &a) || !dwarf_formref_die(&a, &inner))
			return NULL; /* const void */
		return from_die(s, &inner, depth + 1);
	}
	const char *name = dwarf_diename(d);
	Dwarf_Word size = 0;
	attr_udata(d, DW_AT_byte_size, &size);
	switch (tag) {
	case DW_TAG_base_type:
	case DW_TAG_enumeration_type: {
		struct ct_type *c = new_type(s, CT_INT, (int)size, name ? name : "enum");
		Dwarf_Word enc = 0;
		if (c && attr_udata(d, DW_AT_encoding, &enc))
			c->is_signed = enc == DW_ATE_signed || enc == DW_ATE_signed_char;
		return c;
	}
	case DW_TAG_pointer_type:
	case DW_TAG_reference_type: {
		Dwarf_Attribute a;
		Dwarf_Die inner;
		if (!dwarf_attr_integrate(d, DW_AT_type, &a) || !dwarf_formref_die(&a, &inner) ||
		    dwarf_tag(&inner) == DW_TAG_subroutine_type)
			return ct_pointer_to(s, NULL);
		const struct ct_type *t = from_die(s, &inner, depth + 1);
		return t ? ct_pointer_to(s, t) : ct_pointer_to(s, NULL);
	}
	case DW_TAG_structure_type:
	case DW_TAG_union_type:
	case DW_TAG_class_type: {
		struct ct_type *c = find_struct(s, dwarf_dieoffset(d));
		if (c)
			return c;
		char full[96];
		snprintf(full, sizeof(full), "%s %s", tag == DW_TAG_union_type ? "union" : "struct",
			 name ? name : "(anonymous)");
		c = new_type(s, CT_STRUCT, (int)size, full);
		if (c)
			c->handle = dwarf_dieoffset(d);
		return c;
	}
	case DW_TAG_array_type: {
		Dwarf_Attribute a;
		Dwarf_Die inner, sub;
		if (!dwarf_attr_integrate(d, DW_AT_type, &a) || !dwarf_formref_die(&a, &inner))
			return NULL;
		const struct ct_type *elem = from_die(s, &inner, depth + 1);
		if (!elem)
			return NULL;
		Dwarf_Word n = 0, ub;
		if (dwarf_child(d, &sub) == 0 && dwarf_tag(&sub) == DW_TAG_subrange_type) {
			if (!attr_udata(&sub, DW_AT_count, &n) && attr_udata(&sub, DW_AT_upper_bound, &ub))
				n = ub + 1;
		}
		struct ct_type *c = new_type(s, CT_ARRAY, elem->size * (int)n, elem->name);
		if (c) {
			c->target = elem;
			c->nelems = (int)n;
		}
		return c;
	}
	default:
		return NULL;
	}
}

static int die_member(struct ct_source *s, Dwarf_Die *st, const char *name, int base, struct ct_member *out)
{
	Dwarf_Die m;
	if (dwarf_child(st, &m))
		return -ENOENT;
	do {
		if (dwarf_tag(&m) != DW_TAG_member)
			continue;
		Dwarf_Word loc = 0, bit_off = 0, bit_size = 0;
		attr_udata(&m, DW_AT_data_member_location, &loc);
		Dwarf_Attribute a;
		Dwarf_Die type;
		if (!dwarf_attr_integrate(&m, DW_AT_type, &a) || !dwarf_formref_die(&a, &type))
			continue;
		const char *mname = dwarf_diename(&m);
		if (!mname) {
			Dwarf_Die inner;
			if (dwarf_peel_type(&type, &inner) == 0 &&
			    (dwarf_tag(&inner) == DW_TAG_structure_type || dwarf_tag(&inner) == DW_TAG_union_type) &&
			    !die_member(s, &inner, name, base + (int)loc, out))
				return 0;
			continue;
		}
		if (strcmp(mname, name))
			continue;
		out->type = from_die(s, &type, 0);
		if (!out->type)
			return -ENOENT;
		out->bit_offset = out->bit_size = 0;
		out->offset = base + (int)loc;
		if (attr_udata(&m, DW_AT_bit_size, &bit_size)) {
			/* DWARF 4+: bits from the start of the struct. */
			if (!attr_udata(&m, DW_AT_data_bit_offset, &bit_off))
				bit_off = loc * 8;
			out->offset = base + (int)(bit_off / 8);
			out->bit_offset = (int)(bit_off % 8);
			out->bit_size = (int)bit_size;
		}
		return 0;
	} while (dwarf_siblingof(&m, &m) == 0);
	return -ENOENT;
}

/* A named struct, union or typedef anywhere in the file's DWARF. */
static bool dwarf_find(struct ct_source *s, const char *name, int tag, Dwarf_Die *out)
{
	Dwarf_Off off = 0, next;
	size_t hsize;
	while (dwarf_nextcu(s->dw, off, &next, &hsize, NULL, NULL, NULL) == 0) {
		Dwarf_Die cu, d;
		if (dwarf_offdie(s->dw, off + hsize, &cu) && dwarf_child(&cu, &d) == 0) {
			do {
				if (dwarf_tag(&d) != tag || dwarf_hasattr(&d, DW_AT_declaration))
					continue;
				const char *n = dwarf_diename(&d);
				if (n && !strcmp(n, name)) {
					*out = d;
					return true;
				}
			} while (dwarf_siblingof(&d, &d) == 0);
		}
		off = next;
	}
	return false;
}

/* Either source */

struct ct_source *ct_open_btf(char *err, size_t errlen)
{
	struct btf *btf = btf__load_vmlinux_btf();
	if (!btf) {
		snprintf(err, errlen, "kernel struct types need BTF (/sys/kernel/btf/vmlinux): %s", strerror(errno));
		return NULL;
	}
	struct ct_source *s = calloc(1, sizeof(*s));
	if (!s) {
		btf__free(btf);
		return NULL;
	}
	s->btf = btf;
	s->fd = -1;
	return s;
}

struct ct_source *ct_open_dwarf(const char *path, char *err, size_t errlen)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "cannot open %s for its types: %s", path, strerror(errno));
		return NULL;
	}
	Dwarf *dw = dwarf_begin(fd, DWARF_C_READ);
	if (!dw) {
		/* Stripped: the types are in its debug file, where the
		 * symbolizer finds it. */
		elf_version(EV_CURRENT);
		Elf *e = elf_begin(fd, ELF_C_READ_MMAP, NULL);
		int dfd = e ? debuginfo_open_for(e, path, NULL, 0) : -1;
		if (e)
			elf_end(e);
		close(fd);
		fd = dfd;
		dw = fd >= 0 ? dwarf_begin(fd, DWARF_C_READ) : NULL;
	}
	if (!dw) {
		if (fd >= 0)
			close(fd);
		snprintf(err, errlen, "%s has no DWARF types (build it with -g, or install its debug info)", path);
		return NULL;
	}
	struct ct_source *s = calloc(1, sizeof(*s));
	if (!s) {
		dwarf_end(dw);
		close(fd);
		return NULL;
	}
	s->dw = dw;
	s->fd = fd;
	return s;
}

void ct_close(struct ct_source *s)
{
	if (!s || s == &builtin)
		return;
	while (s->types) {
		struct ct_type *t = s->types;
		s->types = t->next;
		free(t);
	}
	btf__free(s->btf);
	if (s->dw)
		dwarf_end(s->dw);
	if (s->fd >= 0)
		close(s->fd);
	free(s);
}

static const struct ct_type *named(struct ct_source *s, const char *base, char *err, size_t errlen)
{
	for (size_t i = 0; i < sizeof(ints) / sizeof(ints[0]); i++)
		if (!strcmp(base, ints[i].name)) {
			struct ct_type *t = new_type(s, CT_INT, ints[i].size, base);
			if (t)
				t->is_signed = ints[i].is_signed;
			return t;
		}
	bool is_struct = !strncmp(base, "struct ", 7), is_union = !strncmp(base, "union ", 6);
	const char *tname = is_struct ? base + 7 : is_union ? base + 6 : base;
	if (s->btf) {
		int kind = is_struct ? BTF_KIND_STRUCT : is_union ? BTF_KIND_UNION : BTF_KIND_TYPEDEF;
		int id = btf__find_by_name_kind(s->btf, tname, kind);
		if (id > 0)
			return from_btf(s, id, 0);
	} else if (s->dw) {
		Dwarf_Die d;
		int tag = is_struct ? DW_TAG_structure_type : is_union ? DW_TAG_union_type : DW_TAG_typedef;
		if (dwarf_find(s, tname, tag, &d) || (!is_struct && !is_union && dwarf_find(s, tname, DW_TAG_base_type, &d)))
			return from_die(s, &d, 0);
	}
	if (s == &builtin)
		snprintf(err, errlen, "'%s' is not a type bpfkit knows without BTF or DWARF", base);
	else
		snprintf(err, errlen, "no type '%s' in the %s", base, s->btf ? "kernel's BTF" : "program's DWARF");
	return NULL;
}

const struct ct_type *ct_parse(struct ct_source *s, const char *decl, char *err, size_t errlen)
{
	if (!s)
		s = &builtin;
	char buf[128];
	size_t n = 0;
	int stars = 0;
	/* Words joined by single spaces, qualifiers dropped, stars counted. */
	for (const char *c = decl; *c;) {
		while (*c == ' ' || *c == '\t')
			c++;
		if (*c == '*') {
			stars++;
			c++;
			continue;
		}
		const char *w = c;
		while (*c && *c != ' ' && *c != '\t' && *c != '*')
			c++;
		size_t len = (size_t)(c - w);
		if (!len)
			continue;
		if ((len == 5 && !strncmp(w, "const", 5)) || (len == 8 && !strncmp(w, "volatile", 8)) ||
		    (len == 8 && !strncmp(w, "restrict", 8)))
			continue;
		if (stars) {
			snprintf(err, errlen, "cannot read the type '%s'", decl);
			return NULL;
		}
		if (n + len + 2 > sizeof(buf)) {
			snprintf(err, errlen, "type '%s' is too long", decl);
			return NULL;
		}
		if (n)
			buf[n++] = ' ';
		memcpy(buf + n, w, len);
		n += len;
	}
	buf[n] = 0;
	if (!n) {
		snprintf(err, errlen, "empty type");
		return NULL;
	}
	const struct ct_type *t = NULL;
	if (!strcmp(buf, "void")) {
		if (!stars) {
			snprintf(err, errlen, "'void' has no value");
			return NULL;
		}
		stars--;
		t = ct_pointer_to(s, NULL);
	} else if (!(t = named(s, buf, err, errlen))) {
		/* A pointer to an unknown struct is still a pointer. */
		if (!stars || s != &builtin)
			return NULL;
		t = new_type(s, CT_STRUCT, 0, buf);
		if (!t)
			return NULL;
	}
	while (t && stars--)
		t = ct_pointer_to(s, t);
	return t;
}

int ct_member(const struct ct_type *st, const char *name, struct ct_member *out)
{
	if (!st || st->kind != CT_STRUCT)
		return -EINVAL;
	struct ct_source *s = st->src;
	if (s->btf)
		return btf_member(st, (uint32_t)st->handle, name, 0, out);
	if (s->dw) {
		Dwarf_Die d;
		if (!dwarf_offdie(s->dw, st->handle, &d))
			return -ENOENT;
		return die_member(s, &d, name, 0, out);
	}
	return -ENOENT;
}

int ct_enum_value(struct ct_source *s, const char *name, int64_t *value)
{
	if (!s || !s->btf)
		return -ENOENT;
	uint32_t n = btf__type_cnt(s->btf);
	for (uint32_t id = 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(s->btf, id);
		if (btf_is_enum(t)) {
			const struct btf_enum *e = btf_enum(t);
			for (int i = 0; i < btf_vlen(t); i++, e++)
				if (!strcmp(btf__name_by_offset(s->btf, e->name_off), name)) {
					*value = btf_kflag(t) ? (int64_t)e->val : (int64_t)(uint32_t)e->val;
					return 0;
				}
		} else if (btf_is_enum64(t)) {
			const struct btf_enum64 *e = btf_enum64(t);
			for (int i = 0; i < btf_vlen(t); i++, e++)
				if (!strcmp(btf__name_by_offset(s->btf, e->name_off), name)) {
					*value = (int64_t)btf_enum64_value(e);
					return 0;
				}
		}
	}
	return -ENOENT;
}
