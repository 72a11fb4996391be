#include "symbolize/cfitable.h"

#include "symbolize/debuginfo.h"
#include "symbolize/elfsection.h"

#include <dwarf.h>
#include <elfutils/libdw.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { REG_RBP = 6, REG_RSP = 7, REG_RIP = 16 };

/* A .debug_frame in a separate debug file is read through libdw, which
 * inflates every compressed DWARF section of that file: refuse files whose
 * DWARF would take more than this. */
#define CFI_DEBUG_INFLATE_MAX (1ull << 30)

struct range {
	uint64_t lo, hi;
	size_t order;		/* FDE order, so sorting keeps the first of overlapping FDEs first */
	struct cfi_row rule;
};

struct build {
	struct range *r;
	size_t n, cap, max;
	char *err;
	size_t errlen;
};

static int fail(struct build *b, int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(b->err, b->errlen, fmt, ap);
	va_end(ap);
	return code;
}

static int push(struct build *b, uint64_t lo, uint64_t hi, size_t order, const struct cfi_row *rule)
{
	if (b->n == b->cap) {
		if (b->n >= b->max)
			return -E2BIG;
		size_t cap = b->cap ? b->cap * 2 : 1024;
		if (cap > b->max)
			cap = b->max;
		struct range *r = realloc(b->r, cap * sizeof(*r));
		if (!r)
			return -ENOMEM;
		b->r = r;
		b->cap = cap;
	}
	b->r[b->n++] = (struct range){ lo, hi, order, *rule };
	return 0;
}

static bool fits16(int64_t v)
{
	return v >= INT16_MIN && v <= INT16_MAX;
}

static bool fits32(int64_t v)
{
	return v >= INT32_MIN && v <= INT32_MAX;
}

/* Where a register rule puts the value: at CFA + *off.  libdw spells
 * DW_CFA_offset as DW_OP_call_frame_cfa [DW_OP_plus_uconst N]. */
static bool at_cfa(const Dwarf_Op *ops, size_t nops, int64_t *off)
{
	if (nops < 1 || nops > 2 || ops[0].atom != DW_OP_call_frame_cfa)
		return false;
	*off = 0;
	if (nops == 2) {
		if (ops[1].atom != DW_OP_plus_uconst)
			return false;
		*off = (int64_t)ops[1].number;
	}
	return true;
}

/* The expression every x86_64 linker writes for .plt entries of 16 bytes:
 * DW_OP_breg7 (rsp) N; DW_OP_breg16 (rip) 0; DW_OP_lit15; DW_OP_and;
 * DW_OP_litK; DW_OP_ge; DW_OP_lit3; DW_OP_shl; DW_OP_plus -- the push of
 * the entry's second half moved RSP by 8 more. */
static bool plt_expression(const Dwarf_Op *ops, size_t nops, struct cfi_row *r)
{
	static const uint8_t shape[] = { DW_OP_breg7,  DW_OP_breg16, DW_OP_lit15, DW_OP_and, 0,
					 DW_OP_ge,     DW_OP_lit3,   DW_OP_shl,	  DW_OP_plus };
	if (nops != sizeof(shape))
		return false;
	for (size_t i = 0; i < nops; i++)
		if (i != 4 && ops[i].atom != shape[i])
			return false;
	if (ops[4].atom < DW_OP_lit0 || ops[4].atom > DW_OP_lit15 || ops[1].number != 0 ||
	    !fits32((int64_t)ops[0].number))
		return false;
	r->cfa_kind = CFI_CFA_PLT;
	r->cfa_off = (int32_t)(int64_t)ops[0].number;
	r->plt_min = ops[4].atom - DW_OP_lit0;
	return true;
}

static void cfa_rule(Dwarf_Frame *fr, struct cfi_row *r)
{
	Dwarf_Op *ops;
	size_t nops;
	r->cfa_kind = CFI_CFA_UNSUPPORTED;
	if (dwarf_frame_cfa(fr, &ops, &nops) || !nops)
		return;
	uint64_t reg = UINT64_MAX;
	int64_t off = 0;
	if (nops == 1 && ops[0].atom == DW_OP_bregx) {
		reg = ops[0].number;
		off = (int64_t)ops[0].number2;
	} else if (nops == 1 && ops[0].atom >= DW_OP_breg0 && ops[0].atom <= DW_OP_breg31) {
		reg = ops[0].atom - DW_OP_breg0;
		off = (int64_t)ops[0].number;
	} else {
		plt_expression(ops, nops, r);
		return;
	}
	if ((reg != REG_RSP && reg != REG_RBP) || !fits32(off))
		return;
	r->cfa_kind = reg == REG_RSP ? CFI_CFA_RSP : CFI_CFA_RBP;
	r->cfa_off = (int32_t)off;
}

/* The rules at one row.  A return address the CFI calls undefined marks
 * the outermost frame (_start, thread entry). */
static void row_rules(Dwarf_Frame *fr, struct cfi_row *r)
{
	Dwarf_Addr s, e;
	bool signal = false;
	int ra_reg = dwarf_frame_info(fr, &s, &e, &signal);
	if (signal) {
		r->cfa_kind = CFI_CFA_SIGNAL;
		return;
	}
	Dwarf_Op mem[3], *ops;
	size_t nops;
	int64_t off;
	if (ra_reg == REG_RIP && !dwarf_frame_register(fr, ra_reg, mem, &ops, &nops) && !nops && ops == mem) {
		r->cfa_kind = CFI_CFA_END;
		return;
	}
	cfa_rule(fr, r);
	if (ra_reg != REG_RIP || dwarf_frame_register(fr, ra_reg, mem, &ops, &nops) || !at_cfa(ops, nops, &off) ||
	    off != -8)
		r->cfa_kind = CFI_CFA_UNSUPPORTED;
	if (r->cfa_kind == CFI_CFA_UNSUPPORTED) {
		/* Nothing else in the row is usable: keep unsupported rows equal
		 * so that they merge. */
		*r = (struct cfi_row){ .cfa_kind = CFI_CFA_UNSUPPORTED };
		return;
	}
	if (dwarf_frame_register(fr, REG_RBP, mem, &ops, &nops))
		r->rbp_kind = CFI_RBP_UNSUPPORTED;
	else if (!nops)
		r->rbp_kind = ops ? CFI_RBP_UNDEFINED : CFI_RBP_SAME;
	else if (at_cfa(ops, nops, &off) && fits16(off)) {
		r->rbp_kind = CFI_RBP_CFA;
		r->rbp_off = (int16_t)off;
	} else
		r->rbp_kind = CFI_RBP_UNSUPPORTED;
}

/* Every row of one FDE's range: libdw evaluates the CFI at an address and
 * says where that row ends, so the walk goes from row to row. */
static int fde_rows(struct build *b, Dwarf_CFI *cfi, uint64_t lo, uint64_t hi, size_t order)
{
	for (uint64_t a = lo; a < hi;) {
		Dwarf_Frame *fr;
		if (dwarf_cfi_addrframe(cfi, a, &fr))
			return 0; /* libdw rejects this FDE: leave it a hole */
		Dwarf_Addr s, e;
		struct cfi_row r = { 0 };
		dwarf_frame_info(fr, &s, &e, NULL);
		row_rules(fr, &r);
		free(fr);
		if (e <= a || e > hi)
			e = hi;
		int err = push(b, a, e, order, &r);
		if (err)
			return err;
		a = e;
	}
	return 0;
}

/* --- the FDEs' ranges: dwarf_next_cfi gives entries, not their ranges */

struct cursor {
	const uint8_t *p, *end;
	uint64_t vaddr; /* of *p, for pc-relative pointers */
	bool ok;
};

static uint64_t take(struct cursor *c, size_t n)
{
	if ((size_t)(c->end - c->p) < n) {
		c->ok = false;
		return 0;
	}
	uint64_t v = 0;
	for (size_t i = 0; i < n; i++) /* x86_64 is little-endian */
		v |= (uint64_t)c->p[i] << (8 * i);
	c->p += n;
	c->vaddr += n;
	return v;
}

static uint64_t leb(struct cursor *c, bool sign)
{
	uint64_t v = 0;
	unsigned shift = 0;
	uint8_t byte;
	do {
		if (c->p >= c->end) {
			c->ok = false;
			return 0;
		}
		byte = *c->p++;
		c->vaddr++;
		if (shift < 64)
			v |= (uint64_t)(byte & 0x7f) << shift;
		shift += 7;
	} while (byte & 0x80);
	if (sign && shift < 64 && (byte & 0x40))
		v |= ~0ull << shift;
	return v;
}

/* A DW_EH_PE-encoded value; apply: whether pc-relative applies (the
 * range that follows the start is a plain length). */
static uint64_t pointer(struct cursor *c, uint8_t enc, unsigned addr_size, bool apply)
{
	uint64_t at = c->vaddr, v;
	switch (enc & 0x0f) {
	case DW_EH_PE_absptr: v = take(c, addr_size); break;
	case DW_EH_PE_uleb128: v = leb(c, false); break;
	case DW_EH_PE_udata2: v = take(c, 2); break;
	case DW_EH_PE_udata4: v = take(c, 4); break;
	case DW_EH_PE_udata8: v = take(c, 8); break;
	case DW_EH_PE_sleb128: v = leb(c, true); break;
	case DW_EH_PE_sdata2: v = (uint64_t)(int64_t)(int16_t)take(c, 2); break;
	case DW_EH_PE_sdata4: v = (uint64_t)(int64_t)(int32_t)take(c, 4); break;
	case DW_EH_PE_sdata8: v = take(c, 8); break;
	default: c->ok = false; return 0;
	}
	if (!apply)
		return v;
	switch (enc & 0x70) {
	case DW_EH_PE_absptr: return v;
	case DW_EH_PE_pcrel: return v + at;
	default: c->ok = false; return 0; /* textrel, datarel: not on x86_64 */
	}
}

/* The FDE pointer encoding a CIE's augmentation names ('R'), absptr
 * without one. */
static bool cie_encoding(const Dwarf_CIE *cie, unsigned addr_size, uint8_t *enc)
{
	*enc = DW_EH_PE_absptr;
	const char *aug = cie->augmentation;
	if (!aug || aug[0] != 'z')
		return !aug || !*aug;
	struct cursor c = { cie->augmentation_data, cie->augmentation_data + cie->augmentation_data_size, 0, true };
	for (const char *a = aug + 1; *a && c.ok; a++) {
		if (*a == 'R')
			*enc = (uint8_t)take(&c, 1);
		else if (*a == 'L')
			take(&c, 1);
		else if (*a == 'P') {
			uint8_t penc = (uint8_t)take(&c, 1);
			pointer(&c, penc & 0x7f, addr_size, false);
		} else if (*a != 'S' && *a != 'B')
			break; /* unknown: the rest of the data is opaque, 'R' already read or absent */
	}
	return c.ok;
}

/* Walks one CFI section's entries and evaluates each FDE's rows. */
static int walk_section(struct build *b, Elf *e, Elf_Scn *scn, const GElf_Shdr *sh, bool eh, Dwarf_CFI *cfi,
			size_t *fdes)
{
	Elf_Data *d = elf_getdata(scn, NULL);
	if (!d || !d->d_buf || !d->d_size)
		return fail(b, -EINVAL, "its %s cannot be read", eh ? ".eh_frame" : ".debug_frame");
	const unsigned char *ident = (const unsigned char *)elf_getident(e, NULL);
	if (!ident)
		return fail(b, -EINVAL, "no ELF identification");
	unsigned addr_size = ident[EI_CLASS] == ELFCLASS64 ? 8 : 4;
	Dwarf_Off off = 0, next;
	for (;;) {
		Dwarf_CFI_Entry ent;
		int rc = dwarf_next_cfi(ident, d, eh, off, &next, &ent);
		if (rc == 1)
			break;
		if (rc < 0) {
			/* A bad entry ends the section: what came before stands,
			 * as libdw's own look-ups treat it.  Nothing at all is
			 * a malformed section. */
			if (!*fdes)
				return fail(b, -EINVAL, "its %s is malformed at offset 0x%llx: %s",
					    eh ? ".eh_frame" : ".debug_frame", (unsigned long long)off,
					    dwarf_errmsg(-1));
			break;
		}
		if (next <= off)
			break;
		off = next;
		if (dwarf_cfi_cie_p(&ent))
			continue;
		Dwarf_CFI_Entry cie;
		Dwarf_Off dummy;
		uint8_t enc;
		if (dwarf_next_cfi(ident, d, eh, ent.fde.CIE_pointer, &dummy, &cie) || !dwarf_cfi_cie_p(&cie) ||
		    !cie_encoding(&cie.cie, addr_size, &enc))
			continue;
		const uint8_t *base = d->d_buf;
		struct cursor c = { ent.fde.start, ent.fde.end, sh->sh_addr + (uint64_t)(ent.fde.start - base), true };
		uint64_t lo = pointer(&c, enc, addr_size, true);
		uint64_t len = pointer(&c, enc, addr_size, false);
		/* Discarded functions keep FDEs at 0 (linkers' -gc-sections). */
		if (!c.ok || !len || !lo || lo + len < lo)
			continue;
		++*fdes;
		int err = fde_rows(b, cfi, lo, lo + len, b->n);
		if (err == -E2BIG)
			return fail(b, err, "its unwind table has more than %zu rows, the limit", b->max);
		if (err)
			return fail(b, err, "%s", strerror(-err));
	}
	return 0;
}

static int by_start(const void *a, const void *b)
{
	const struct range *x = a, *y = b;
	if (x->lo != y->lo)
		return x->lo < y->lo ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

static bool same_rules(const struct cfi_row *a, const struct cfi_row *b)
{
	return a->cfa_kind == b->cfa_kind && a->cfa_off == b->cfa_off && a->rbp_kind == b->rbp_kind &&
	       a->rbp_off == b->rbp_off && a->plt_min == b->plt_min;
}

/* Sorted ranges to rows: overlaps go to the earlier FDE, gaps become
 * holes, equal neighbours merge. */
static int finish(struct build *b, struct cfi_table *t)
{
	if (b->n) /* no ranges: no array, and qsort takes none */
		qsort(b->r, b->n, sizeof(*b->r), by_start);
	size_t cap = b->n * 2 + 1;
	if (cap > b->max)
		cap = b->max;
	t->rows = malloc(cap * sizeof(*t->rows));
	if (!t->rows)
		return fail(b, -ENOMEM, "%s", strerror(ENOMEM));
	size_t n = 0;
	uint64_t end = 0;
	for (size_t i = 0; i < b->n; i++) {
		struct range *r = &b->r[i];
		uint64_t lo = r->lo > end ? r->lo : end;
		if (lo >= r->hi)
			continue;
		if (n && lo != end) {
			if (n == cap)
				return fail(b, -E2BIG, "its unwind table has more than %zu rows, the limit", b->max);
			t->rows[n++] = (struct cfi_row){ .start = end, .cfa_kind = CFI_CFA_NONE };
		}
		if (!(n && t->rows[n - 1].cfa_kind != CFI_CFA_NONE && lo == end && same_rules(&t->rows[n - 1], &r->rule))) {
			if (n == cap)
				return fail(b, -E2BIG, "its unwind table has more than %zu rows, the limit", b->max);
			t->rows[n] = r->rule;
			t->rows[n].start = lo;
			n++;
		}
		end = r->hi;
	}
	t->nrows = n;
	t->end = end;
	for (size_t i = 0; i < n; i++) {
		t->holes += t->rows[i].cfa_kind == CFI_CFA_NONE;
		t->unsupported += t->rows[i].cfa_kind == CFI_CFA_UNSUPPORTED;
	}
	return 0;
}

/* The section of that name with contents, or NULL. */
static Elf_Scn *cfi_section(Elf *e, const char *name, GElf_Shdr *sh)
{
	Elf_Scn *scn = elf_section(e, name, sh);
	return scn && sh->sh_type != SHT_NOBITS && sh->sh_size ? scn : NULL;
}

/* .debug_frame of an ELF, through libdw. */
static int from_debug_frame(struct build *b, Elf *e, const char *what, struct cfi_table *t)
{
	GElf_Shdr sh;
	Elf_Scn *scn = cfi_section(e, ".debug_frame", &sh);
	if (!scn)
		return -ENOENT;
	if (elf_debug_inflated_bytes(e) > CFI_DEBUG_INFLATE_MAX)
		return fail(b, -E2BIG, "%s's DWARF would inflate past %llu MB", what, CFI_DEBUG_INFLATE_MAX >> 20);
	Dwarf *dw = dwarf_begin_elf(e, DWARF_C_READ, NULL);
	Dwarf_CFI *cfi = dw ? dwarf_getcfi(dw) : NULL;
	if (!cfi) {
		if (dw)
			dwarf_end(dw);
		return fail(b, -EINVAL, "%s's .debug_frame cannot be read: %s", what, dwarf_errmsg(-1));
	}
	/* libdw may have inflated it already; else read it inflated too. */
	if (gelf_getshdr(scn, &sh) && (sh.sh_flags & SHF_COMPRESSED) && elf_compress(scn, 0, 0) < 0) {
		dwarf_end(dw);
		return fail(b, -EINVAL, "%s's .debug_frame cannot be inflated: %s", what, elf_errmsg(-1));
	}
	int err = walk_section(b, e, scn, &sh, false, cfi, &t->fdes);
	dwarf_end(dw);
	return err;
}

int cfi_table_build(const char *path, const struct cfi_table_opts *opts, struct cfi_table *t, char *err,
		    size_t errlen)
{
	memset(t, 0, sizeof(*t));
	struct build b = { .max = opts && opts->max_rows ? opts->max_rows : CFI_TABLE_MAX_ROWS,
			   .err = err, .errlen = errlen };
	err[0] = 0;
	elf_version(EV_CURRENT);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return fail(&b, -errno, "%s", strerror(errno));
	Elf *e = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	GElf_Ehdr eh;
	int rc;
	if (!e || elf_kind(e) != ELF_K_ELF || !gelf_getehdr(e, &eh)) {
		rc = fail(&b, -ENOEXEC, "not an ELF file");
		goto out;
	}
	if (eh.e_machine != EM_X86_64) {
		rc = fail(&b, -ENOEXEC, "not an x86_64 file (machine %u)", eh.e_machine);
		goto out;
	}
	GElf_Shdr sh;
	Elf_Scn *scn = cfi_section(e, ".eh_frame", &sh);
	if (scn) {
		snprintf(t->source, sizeof(t->source), ".eh_frame");
		Dwarf_CFI *cfi = dwarf_getcfi_elf(e);
		if (!cfi)
			rc = fail(&b, -EINVAL, "its .eh_frame cannot be read: %s", dwarf_errmsg(-1));
		else {
			rc = walk_section(&b, e, scn, &sh, true, cfi, &t->fdes);
			dwarf_cfi_end(cfi);
		}
	} else {
		snprintf(t->source, sizeof(t->source), ".debug_frame");
		rc = from_debug_frame(&b, e, "the file", t);
		if (rc == -ENOENT) {
			char found[PATH_MAX];
			uint8_t id[64];
			size_t idlen = elf_build_id(e, id, sizeof(id));
			int dfd = debuginfo_open(e, path, id, idlen, debuginfo_roots(opts ? opts->debuginfo_path : NULL),
						 found, sizeof(found));
			if (dfd >= 0) {
				Elf *de = elf_begin(dfd, ELF_C_READ_MMAP, NULL);
				snprintf(t->source, sizeof(t->source), "debug file");
				rc = de ? from_debug_frame(&b, de, found, t) : -ENOENT;
				if (de)
					elf_end(de);
				close(dfd);
			}
		}
		if (rc == -ENOENT)
			fail(&b, rc, "no .eh_frame or .debug_frame, here or in a separate debug file");
	}
	if (!rc)
		rc = finish(&b, t);
	if (!rc && !t->nrows)
		rc = fail(&b, -ENOENT, "its call frame information describes no code");
out:
	if (rc)
		cfi_table_free(t);
	free(b.r);
	if (e)
		elf_end(e);
	close(fd);
	return rc;
}

void cfi_table_free(struct cfi_table *t)
{
	free(t->rows);
	t->rows = NULL;
	t->nrows = 0;
}

uint64_t cfi_row_end(const struct cfi_table *t, size_t i)
{
	return i + 1 < t->nrows ? t->rows[i + 1].start : t->end;
}

const struct cfi_row *cfi_table_find(const struct cfi_table *t, uint64_t addr)
{
	if (!t->nrows || addr < t->rows[0].start || addr >= t->end)
		return NULL;
	size_t lo = 0, hi = t->nrows; /* rows[lo].start <= addr < rows[hi].start */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (t->rows[mid].start <= addr)
			lo = mid;
		else
			hi = mid;
	}
	return &t->rows[lo];
}
