#include "symbolize/dwarfidx.h"

#include <dwarf.h>
#include <elfutils/libdw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct span {
	uint64_t lo, hi;
	uint32_t idx;
};

struct scope {
	const char *name;
	const char *call_file;
	unsigned call_line, call_column;
	uint32_t end;		/* one past this scope's subtree (DFS order) */
	uint32_t rng, nrng;	/* its ranges in cu.rng */
	bool inlined;
};

struct joined {
	const char *rel;
	char *full;
};

struct cu {
	Dwarf_Die die;
	bool loaded;
	const char *comp_dir;
	/* Relative file names joined with comp_dir, as addr2line shows them;
	 * open addressing on the name's address. */
	struct joined *paths;
	size_t npaths, cappaths;
	Dwarf_Lines *lines;
	size_t nlines;
	Dwarf_Files *files;
	struct scope *sc;
	size_t nsc, capsc;
	struct span *rng; /* idx unused */
	size_t nrng, caprng;
	struct span *top; /* ranges of outermost scopes, sorted */
	size_t ntop;
};

struct dwarf_index {
	Dwarf *dw;
	struct cu *cus;
	size_t ncus;
	struct span *spans; /* CU ranges, sorted */
	size_t nspans;
	size_t bytes;
};

/* Deeply nested DIEs only come from corrupt input. */
#define MAX_DEPTH 64

static int by_lo(const void *a, const void *b)
{
	const struct span *x = a, *y = b;
	if (x->lo != y->lo)
		return x->lo < y->lo ? -1 : 1;
	if (x->hi != y->hi)
		return x->hi < y->hi ? -1 : 1;
	/* Equal ranges (aliases gas emits for one assembly function): the
	 * lookup takes the last, which must be the first in DWARF order, as
	 * libdw answers. */
	return x->idx > y->idx ? -1 : x->idx < y->idx;
}

static int push_span(struct span **v, size_t *n, size_t *cap, struct span s)
{
	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 16;
		struct span *p = realloc(*v, nc * sizeof(*p));
		if (!p)
			return -1;
		*v = p;
		*cap = nc;
	}
	(*v)[(*n)++] = s;
	return 0;
}

struct dwarf_index *dwarf_index_open(Elf *e)
{
	Dwarf *dw = dwarf_begin_elf(e, DWARF_C_READ, NULL);
	if (!dw)
		return NULL;
	struct dwarf_index *x = calloc(1, sizeof(*x));
	if (!x) {
		dwarf_end(dw);
		return NULL;
	}
	x->dw = dw;
	size_t capcu = 0, capsp = 0;
	Dwarf_CU *cu = NULL, *next;
	Dwarf_Half version;
	uint8_t type;
	Dwarf_Die cudie, subdie;
	while (dwarf_get_units(dw, cu, &next, &version, &type, &cudie, &subdie) == 0) {
		cu = next;
		if (type != DW_UT_compile && type != DW_UT_skeleton)
			continue;
		if (x->ncus == capcu) {
			size_t nc = capcu ? capcu * 2 : 64;
			struct cu *p = realloc(x->cus, nc * sizeof(*p));
			if (!p)
				break;
			x->cus = p;
			capcu = nc;
		}
		uint32_t idx = x->ncus;
		Dwarf_Addr base, lo, hi;
		ptrdiff_t off = 0;
		bool any = false;
		while ((off = dwarf_ranges(&cudie, off, &base, &lo, &hi)) > 0) {
			if (hi > lo && push_span(&x->spans, &x->nspans, &capsp, (struct span){ lo, hi, idx }))
				break;
			any = true;
		}
		if (!any)
			continue;
		memset(&x->cus[idx], 0, sizeof(x->cus[idx]));
		x->cus[idx].die = cudie;
		x->ncus++;
	}
	if (!x->nspans) {
		dwarf_index_free(x);
		return NULL;
	}
	qsort(x->spans, x->nspans, sizeof(*x->spans), by_lo);
	x->bytes = sizeof(*x) + capcu * sizeof(struct cu) + capsp * sizeof(struct span);
	return x;
}

static void free_cu(struct cu *c)
{
	for (size_t i = 0; i < c->cappaths; i++)
		free(c->paths[i].full);
	free(c->paths);
	free(c->sc);
	free(c->rng);
	free(c->top);
}

void dwarf_index_free(struct dwarf_index *x)
{
	if (!x)
		return;
	for (size_t i = 0; i < x->ncus; i++)
		free_cu(&x->cus[i]);
	free(x->cus);
	free(x->spans);
	dwarf_end(x->dw);
	free(x);
}

size_t dwarf_index_bytes(const struct dwarf_index *x)
{
	return x ? x->bytes : 0;
}

static const char *die_name(Dwarf_Die *d)
{
	Dwarf_Attribute a;
	const char *s = NULL;
	if (dwarf_attr_integrate(d, DW_AT_linkage_name, &a) ||
	    dwarf_attr_integrate(d, DW_AT_MIPS_linkage_name, &a))
		s = dwarf_formstring(&a);
	if (!s && dwarf_attr_integrate(d, DW_AT_name, &a))
		s = dwarf_formstring(&a);
	return s;
}

static size_t slot_of(const struct cu *c, const char *rel)
{
	size_t h = ((uintptr_t)rel >> 3) * 0x9e3779b97f4a7c15ull;
	size_t i = h & (c->cappaths - 1);
	while (c->paths[i].rel && c->paths[i].rel != rel)
		i = (i + 1) & (c->cappaths - 1);
	return i;
}

/* "dir/file.c" relative to the compilation directory becomes
 * "COMP_DIR/dir/file.c", once per name. */
static const char *full_path(struct dwarf_index *x, struct cu *c, const char *rel)
{
	if (!rel || rel[0] == '/' || !c->comp_dir || !*c->comp_dir)
		return rel;
	if (c->npaths * 2 >= c->cappaths) {
		size_t nc = c->cappaths ? c->cappaths * 2 : 16;
		struct joined *old = c->paths;
		size_t oldcap = c->cappaths;
		c->paths = calloc(nc, sizeof(*c->paths));
		if (!c->paths) {
			c->paths = old;
			return rel;
		}
		c->cappaths = nc;
		for (size_t i = 0; i < oldcap; i++)
			if (old[i].rel)
				c->paths[slot_of(c, old[i].rel)] = old[i];
		free(old);
		x->bytes += (nc - oldcap) * sizeof(*c->paths);
	}
	size_t i = slot_of(c, rel);
	if (!c->paths[i].rel) {
		size_t n = strlen(c->comp_dir) + strlen(rel) + 2;
		char *full = malloc(n);
		if (!full)
			return rel;
		snprintf(full, n, "%s/%s", c->comp_dir, rel);
		c->paths[i] = (struct joined){ rel, full };
		c->npaths++;
		x->bytes += n;
	}
	return c->paths[i].full;
}

static unsigned attr_u(Dwarf_Die *d, unsigned name)
{
	Dwarf_Attribute a;
	Dwarf_Word v = 0;
	if (!dwarf_attr(d, name, &a) || dwarf_formudata(&a, &v))
		return 0;
	return (unsigned)v;
}

static void walk(struct cu *c, Dwarf_Die *parent, int depth)
{
	Dwarf_Die d;
	if (depth > MAX_DEPTH || dwarf_child(parent, &d) != 0)
		return;
	do {
		int tag = dwarf_tag(&d);
		switch (tag) {
		case DW_TAG_subprogram:
		case DW_TAG_inlined_subroutine: {
			size_t first = c->nrng;
			Dwarf_Addr base, lo, hi;
			ptrdiff_t off = 0;
			while ((off = dwarf_ranges(&d, off, &base, &lo, &hi)) > 0)
				if (hi > lo && push_span(&c->rng, &c->nrng, &c->caprng, (struct span){ lo, hi, 0 }))
					return;
			if (c->nrng == first) {
				/* No code of its own (a declaration, or an abstract
				 * instance): nothing to find here. */
				break;
			}
			if (c->nsc == c->capsc) {
				size_t nc = c->capsc ? c->capsc * 2 : 64;
				struct scope *p = realloc(c->sc, nc * sizeof(*p));
				if (!p)
					return;
				c->sc = p;
				c->capsc = nc;
			}
			size_t me = c->nsc++;
			struct scope *s = &c->sc[me];
			memset(s, 0, sizeof(*s));
			s->name = die_name(&d);
			s->rng = first;
			s->nrng = c->nrng - first;
			s->inlined = tag == DW_TAG_inlined_subroutine;
			if (s->inlined) {
				unsigned fi = attr_u(&d, DW_AT_call_file);
				Dwarf_Attribute a;
				if (c->files && dwarf_attr(&d, DW_AT_call_file, &a))
					s->call_file = dwarf_filesrc(c->files, fi, NULL, NULL);
				s->call_line = attr_u(&d, DW_AT_call_line);
				s->call_column = attr_u(&d, DW_AT_call_column);
			}
			walk(c, &d, depth + 1);
			c->sc[me].end = c->nsc;
			break;
		}
		case DW_TAG_lexical_block:
		case DW_TAG_try_block:
		case DW_TAG_catch_block:
		case DW_TAG_namespace:
		case DW_TAG_module:
		case DW_TAG_class_type:
		case DW_TAG_structure_type:
		case DW_TAG_union_type:
			walk(c, &d, depth + 1);
			break;
		default:
			break;
		}
	} while (dwarf_siblingof(&d, &d) == 0);
}

static void load_cu(struct dwarf_index *x, struct cu *c)
{
	c->loaded = true;
	if (dwarf_getsrclines(&c->die, &c->lines, &c->nlines))
		c->lines = NULL, c->nlines = 0;
	size_t ndirs = 0;
	const char *const *dirs;
	if (dwarf_getsrcfiles(&c->die, &c->files, NULL))
		c->files = NULL;
	else if (!dwarf_getsrcdirs(c->files, &dirs, &ndirs) && ndirs && dirs[0])
		c->comp_dir = dirs[0];
	walk(c, &c->die, 0);
	/* Outermost scopes are the ones no other scope's subtree covers. */
	size_t cap = 0;
	for (size_t i = 0; i < c->nsc; i = c->sc[i].end > i ? c->sc[i].end : i + 1)
		for (uint32_t r = 0; r < c->sc[i].nrng; r++) {
			struct span s = c->rng[c->sc[i].rng + r];
			s.idx = i;
			if (push_span(&c->top, &c->ntop, &cap, s))
				break;
		}
	if (c->ntop) /* qsort of NULL is undefined, even for 0 items */
		qsort(c->top, c->ntop, sizeof(*c->top), by_lo);
	x->bytes += c->capsc * sizeof(struct scope) + c->caprng * sizeof(struct span) +
		    cap * sizeof(struct span) + c->nlines * 48;
}

/* The last span with lo <= addr that holds addr; overlapping spans (from
 * odd DWARF) are searched a few steps back. */
static const struct span *find_span(const struct span *v, size_t n, uint64_t addr)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid].lo <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo, steps = 0; i > 0 && steps < 4; i--, steps++)
		if (addr < v[i - 1].hi)
			return &v[i - 1];
	return NULL;
}

static bool holds(const struct cu *c, const struct scope *s, uint64_t addr)
{
	for (uint32_t r = 0; r < s->nrng; r++) {
		const struct span *p = &c->rng[s->rng + r];
		if (addr >= p->lo && addr < p->hi)
			return true;
	}
	return false;
}

/* As libdw's dwarf_getsrc_die: the last row at or below addr, unless it
 * ends a sequence. */
static Dwarf_Line *line_at(const struct cu *c, uint64_t addr)
{
	size_t lo = 0, hi = c->nlines;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		Dwarf_Addr a = 0;
		dwarf_lineaddr(dwarf_onesrcline(c->lines, mid), &a);
		if (a <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo)
		return NULL;
	Dwarf_Line *l = dwarf_onesrcline(c->lines, lo - 1);
	bool end = false;
	if (!l || dwarf_lineendsequence(l, &end) || end)
		return NULL;
	return l;
}

int dwarf_index_lookup(struct dwarf_index *x, uint64_t addr, struct dw_frame *f, int max)
{
	if (!x || max < 1)
		return 0;
	const struct span *sp = find_span(x->spans, x->nspans, addr);
	if (!sp)
		return 0;
	struct cu *c = &x->cus[sp->idx];
	if (!c->loaded)
		load_cu(x, c);

	uint32_t chain[MAX_DEPTH + 2];
	int depth = 0;
	const struct span *top = find_span(c->top, c->ntop, addr);
	if (top) {
		uint32_t s = top->idx;
		chain[depth++] = s;
		for (uint32_t i = s + 1; i < c->sc[s].end && depth < MAX_DEPTH + 2;) {
			if (holds(c, &c->sc[i], addr)) {
				chain[depth++] = i;
				s = i++;
			} else {
				i = c->sc[i].end > i ? c->sc[i].end : i + 1;
			}
		}
	}

	struct dw_frame loc = { 0 };
	Dwarf_Line *l = c->lines ? line_at(c, addr) : NULL;
	if (l) {
		int ln = 0, col = 0;
		loc.file = full_path(x, c, dwarf_linesrc(l, NULL, NULL));
		dwarf_lineno(l, &ln);
		dwarf_linecol(l, &col);
		loc.line = ln > 0 ? ln : 0;
		loc.column = col > 0 ? col : 0;
	}
	if (!depth) {
		f[0] = loc;
		return loc.file ? 1 : 0;
	}
	int n = 0;
	for (int k = depth - 1; k >= 0 && n < max; k--, n++) {
		const struct scope *s = &c->sc[chain[k]];
		f[n] = (struct dw_frame){ .name = s->name, .inlined = s->inlined };
		if (k == depth - 1) {
			f[n].file = loc.file;
			f[n].line = loc.line;
			f[n].column = loc.column;
			f[n].call_file = full_path(x, c, s->call_file);
			f[n].call_line = s->call_line;
			f[n].call_column = s->call_column;
		} else {
			const struct scope *inner = &c->sc[chain[k + 1]];
			f[n].file = full_path(x, c, inner->call_file);
			f[n].line = inner->call_line;
			f[n].column = inner->call_column;
		}
	}
	return n;
}
