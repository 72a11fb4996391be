#include "symbolize/elfobj.h"

#include "symbolize/debuginfo.h"
#include "symbolize/dwarfidx.h"
#include "symbolize/elfsection.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <lzma.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int add_symbols(struct elfobj *o, Elf *e, GElf_Word type, size_t *cap)
{
	Elf_Scn *scn = NULL;
	int added = 0;
	while ((scn = elf_nextscn(e, scn))) {
		GElf_Shdr sh;
		if (!gelf_getshdr(scn, &sh) || sh.sh_type != type || !sh.sh_entsize)
			continue;
		Elf_Data *d = elf_getdata(scn, NULL);
		if (!d)
			continue;
		size_t cnt = d->d_size / sh.sh_entsize;
		for (size_t i = 0; i < cnt; i++) {
			GElf_Sym sym;
			if (!gelf_getsym(d, i, &sym) || !sym.st_value || sym.st_shndx == SHN_UNDEF)
				continue;
			int t = GELF_ST_TYPE(sym.st_info);
			if (t != STT_FUNC && t != STT_GNU_IFUNC)
				continue;
			const char *name = elf_strptr(e, sh.sh_link, sym.st_name);
			if (!name || !*name)
				continue;
			if (o->nsyms == *cap) {
				size_t nc = *cap ? *cap * 2 : 256;
				struct esym *v = realloc(o->syms, nc * sizeof(*v));
				if (!v)
					return -ENOMEM;
				o->syms = v;
				*cap = nc;
			}
			int bind = GELF_ST_BIND(sym.st_info);
			uint8_t rank = bind == STB_GLOBAL ? 3 : bind == STB_GNU_UNIQUE ? 2 : bind == STB_WEAK ? 1 : 0;
			uint64_t size = sym.st_size;
			if (!size) {
				/* Sizeless (hand-written assembly): it reaches to
				 * the end of its section, as addr2line -f assumes. */
				GElf_Shdr ss;
				Elf_Scn *in = sym.st_shndx < SHN_LORESERVE ? elf_getscn(e, sym.st_shndx) : NULL;
				if (in && gelf_getshdr(in, &ss) && sym.st_value >= ss.sh_addr &&
				    sym.st_value < ss.sh_addr + ss.sh_size)
					size = ss.sh_addr + ss.sh_size - sym.st_value;
				else
					size = 1;
			}
			o->syms[o->nsyms] = (struct esym){ sym.st_value, size, name, o->nsyms, rank, !sym.st_size };
			o->nsyms++;
			added++;
		}
	}
	return added;
}

static int by_addr(const void *a, const void *b)
{
	const struct esym *x = a, *y = b;
	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	if (x->sizeless != y->sizeless)
		return x->sizeless ? 1 : -1;
	if (x->rank != y->rank)
		return x->rank > y->rank ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

static void finish_symbols(struct elfobj *o)
{
	if (o->nsyms) /* qsort of NULL is undefined, even for 0 items */
		qsort(o->syms, o->nsyms, sizeof(*o->syms), by_addr);
	size_t w = 0;
	for (size_t i = 0; i < o->nsyms; i++) {
		if (w && o->syms[w - 1].addr == o->syms[i].addr)
			continue;
		o->syms[w++] = o->syms[i];
	}
	o->nsyms = w;
	/* A sizeless symbol ends where the next symbol starts (as libdwfl
	 * decides), and never past its section. */
	for (size_t i = 0; i + 1 < w; i++)
		if (o->syms[i].sizeless && o->syms[i + 1].addr - o->syms[i].addr < o->syms[i].size)
			o->syms[i].size = o->syms[i + 1].addr - o->syms[i].addr;
	o->bytes += w * sizeof(*o->syms);
}

/* MiniDebugInfo (Fedora, and some Debian builds): an xz-compressed ELF with
 * just .symtab, so stripped binaries keep local function names. */
static void load_minidebuginfo(struct elfobj *o)
{
	GElf_Shdr sh;
	Elf_Scn *scn = elf_section(o->elf, ".gnu_debugdata", &sh);
	Elf_Data *d = scn && sh.sh_type != SHT_NOBITS ? elf_rawdata(scn, NULL) : NULL;
	if (!d || !d->d_buf || !d->d_size)
		return;
	lzma_stream st = LZMA_STREAM_INIT;
	if (lzma_stream_decoder(&st, 256 << 20, 0) != LZMA_OK)
		return;
	size_t cap = d->d_size * 4 + 4096, len = 0;
	uint8_t *out = malloc(cap);
	st.next_in = d->d_buf;
	st.avail_in = d->d_size;
	lzma_ret r = LZMA_OK;
	while (out && r == LZMA_OK) {
		if (len == cap) {
			if (cap > (256u << 20))
				break;
			uint8_t *n = realloc(out, cap * 2);
			if (!n)
				break;
			out = n;
			cap *= 2;
		}
		st.next_out = out + len;
		st.avail_out = cap - len;
		r = lzma_code(&st, LZMA_FINISH);
		len = cap - st.avail_out;
	}
	lzma_end(&st);
	if (r != LZMA_STREAM_END || !out) {
		free(out);
		return;
	}
	o->mini_mem = out;
	o->mini = elf_memory((char *)out, len);
	if (!o->mini || elf_kind(o->mini) != ELF_K_ELF) {
		if (o->mini)
			elf_end(o->mini);
		o->mini = NULL;
		free(out);
		o->mini_mem = NULL;
		return;
	}
	o->bytes += len;
}

static int read_loads(struct elfobj *o)
{
	size_t nph;
	if (elf_getphdrnum(o->elf, &nph))
		return -EINVAL;
	if (nph > 4096)
		nph = 4096;
	o->loads = calloc(nph ? nph : 1, sizeof(*o->loads));
	if (!o->loads)
		return -ENOMEM;
	for (size_t i = 0; i < nph; i++) {
		GElf_Phdr ph;
		if (gelf_getphdr(o->elf, i, &ph) && ph.p_type == PT_LOAD)
			o->loads[o->nloads++] = (struct elf_load){ ph.p_offset, ph.p_vaddr, ph.p_filesz };
	}
	return 0;
}

int elfobj_open(struct elfobj **out, const char *path, const void *mem, size_t len,
		const char *roots)
{
	struct elfobj *o = calloc(1, sizeof(*o));
	if (!o)
		return -ENOMEM;
	o->fd = o->dbg_fd = -1;
	o->path = strdup(path);
	int err = -ENOMEM;
	if (!o->path)
		goto fail;
	if (mem) {
		o->mem = malloc(len);
		if (!o->mem)
			goto fail;
		memcpy(o->mem, mem, len);
		o->elf = elf_memory(o->mem, len);
		o->bytes += len;
	} else {
		/* Not blocking, and only a regular file: paths under a
		 * container's /proc/PID/root are the container's to change
		 * (a FIFO there must not hang the tool). */
		o->fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
		struct stat st;
		if (o->fd < 0 || fstat(o->fd, &st)) {
			err = -errno;
			goto fail;
		}
		err = -ENOEXEC;
		if (!S_ISREG(st.st_mode))
			goto fail;
		o->ino = st.st_ino;
		o->elf = elf_begin(o->fd, ELF_C_READ_MMAP, NULL);
	}
	err = -ENOEXEC;
	GElf_Ehdr eh;
	if (!o->elf || elf_kind(o->elf) != ELF_K_ELF || !gelf_getehdr(o->elf, &eh))
		goto fail;
	o->is_dyn = eh.e_type == ET_DYN;
	err = read_loads(o);
	if (err)
		goto fail;
	o->build_id_len = elf_build_id(o->elf, o->build_id, sizeof(o->build_id));

	bool has_symtab = elf_has_section(o->elf, ".symtab");
	bool has_dwarf = elf_has_section(o->elf, ".debug_info");
	if (!mem && (!has_symtab || !has_dwarf)) {
		o->dbg_fd = debuginfo_open(o->elf, path, o->build_id, o->build_id_len, roots, NULL, 0);
		if (o->dbg_fd >= 0) {
			o->dbg = elf_begin(o->dbg_fd, ELF_C_READ_MMAP, NULL);
			if (!o->dbg || elf_kind(o->dbg) != ELF_K_ELF) {
				if (o->dbg)
					elf_end(o->dbg);
				o->dbg = NULL;
				close(o->dbg_fd);
				o->dbg_fd = -1;
			}
		}
	}
	size_t cap = 0;
	/* A full .symtab (the file's own, else its debug file's) names every
	 * function; .dynsym only adds to MiniDebugInfo's partial one, or
	 * stands alone (as libdwfl decides, so names match addr2line's). */
	if (add_symbols(o, o->elf, SHT_SYMTAB, &cap) <= 0 &&
	    (!o->dbg || add_symbols(o, o->dbg, SHT_SYMTAB, &cap) <= 0)) {
		load_minidebuginfo(o);
		if (o->mini)
			add_symbols(o, o->mini, SHT_SYMTAB, &cap);
		add_symbols(o, o->elf, SHT_DYNSYM, &cap);
	}
	finish_symbols(o);
	o->bytes += sizeof(*o) + strlen(path);
	*out = o;
	return 0;
fail:
	elfobj_free(o);
	return err;
}

void elfobj_free(struct elfobj *o)
{
	if (!o)
		return;
	dwarf_index_free(o->dw);
	if (o->mini)
		elf_end(o->mini);
	free(o->mini_mem);
	if (o->dbg)
		elf_end(o->dbg);
	if (o->dbg_fd >= 0)
		close(o->dbg_fd);
	if (o->elf)
		elf_end(o->elf);
	if (o->fd >= 0)
		close(o->fd);
	free(o->mem);
	free(o->loads);
	free(o->syms);
	free(o->path);
	free(o);
}

bool elfobj_vaddr(const struct elfobj *o, uint64_t off, uint64_t *vaddr)
{
	for (size_t i = 0; i < o->nloads; i++) {
		const struct elf_load *l = &o->loads[i];
		if (off >= l->off && off < l->off + l->filesz) {
			*vaddr = off - l->off + l->vaddr;
			return true;
		}
	}
	return false;
}

const struct esym *elfobj_symbol(const struct elfobj *o, uint64_t vaddr)
{
	size_t lo = 0, hi = o->nsyms;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (o->syms[mid].addr <= vaddr)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* The symbol must hold the address; a few steps back find a large
	 * symbol that encloses smaller ones (nested aliases). */
	for (size_t i = lo, steps = 0; i > 0 && steps < 8; i--, steps++) {
		const struct esym *s = &o->syms[i - 1];
		if (vaddr < s->addr + s->size)
			return s;
	}
	return NULL;
}

Elf *elfobj_dwarf_elf(const struct elfobj *o)
{
	if (elf_has_section(o->elf, ".debug_info"))
		return o->elf;
	if (o->dbg && elf_has_section(o->dbg, ".debug_info"))
		return o->dbg;
	return NULL;
}
