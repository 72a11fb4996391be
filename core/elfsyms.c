#include "core/elfsyms.h"

#include "core/privilege.h"
#include "symbolize/demangle.h"
#include "symbolize/procmaps.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static Elf *elf_open(const char *path, int *fd)
{
	elf_version(EV_CURRENT);
	*fd = open(path, O_RDONLY | O_CLOEXEC);
	if (*fd < 0)
		return NULL;
	Elf *e = elf_begin(*fd, ELF_C_READ_MMAP, NULL);
	if (!e || elf_kind(e) != ELF_K_ELF) {
		elf_end(e);
		close(*fd);
		*fd = -1;
		errno = ENOEXEC;
		return NULL;
	}
	return e;
}

/* Calls found(sym, name, arg) for each defined symbol of the file's symbol
 * tables until it returns true. */
static bool each_symbol(Elf *e, bool (*found)(const GElf_Sym *, const char *, void *), void *arg)
{
	Elf_Scn *scn = NULL;
	while ((scn = elf_nextscn(e, scn))) {
		GElf_Shdr sh;
		if (!gelf_getshdr(scn, &sh) || (sh.sh_type != SHT_SYMTAB && sh.sh_type != SHT_DYNSYM) ||
		    !sh.sh_entsize)
			continue;
		Elf_Data *d = elf_getdata(scn, NULL);
		for (size_t i = 0; d && i < d->d_size / sh.sh_entsize; i++) {
			GElf_Sym s;
			const char *name;
			if (gelf_getsym(d, i, &s) && s.st_shndx != SHN_UNDEF &&
			    (name = elf_strptr(e, sh.sh_link, s.st_name)) && *name && found(&s, name, arg))
				return true;
		}
	}
	return false;
}

static bool is_function(const GElf_Sym *s, const char *name, void *want)
{
	int t = GELF_ST_TYPE(s->st_info);
	return (t == STT_FUNC || t == STT_GNU_IFUNC) && !strcmp(name, want);
}

int elf_defines_function(const char *path, const char *name)
{
	int fd;
	Elf *e = elf_open(path, &fd);
	if (!e)
		return -errno;
	bool has = each_symbol(e, is_function, (void *)name);
	elf_end(e);
	close(fd);
	return has;
}

struct data_query {
	uint64_t vaddr;
	char *buf;
	size_t len;
	struct demangler *dm;
};

static bool holds(const GElf_Sym *s, const char *name, void *arg)
{
	struct data_query *q = arg;
	uint64_t size = s->st_size ? s->st_size : 1;
	if (GELF_ST_TYPE(s->st_info) != STT_OBJECT || q->vaddr < s->st_value || q->vaddr - s->st_value >= size)
		return false;
	const char *shown = demangle(q->dm, name);
	if (q->vaddr == s->st_value)
		snprintf(q->buf, q->len, "%s", shown);
	else
		snprintf(q->buf, q->len, "%s+0x%llx", shown, (unsigned long long)(q->vaddr - s->st_value));
	return true;
}

/* The file's load bias, from one executable mapping of it: where the
 * mapping's file offset lies in the ELF's loaded segments. */
static bool load_bias(Elf *e, const struct pmap *m, uint64_t *bias)
{
	size_t n;
	if (elf_getphdrnum(e, &n))
		return false;
	for (size_t i = 0; i < n; i++) {
		GElf_Phdr ph;
		if (gelf_getphdr(e, i, &ph) && ph.p_type == PT_LOAD && m->off >= ph.p_offset &&
		    m->off < ph.p_offset + ph.p_filesz) {
			*bias = m->start - (ph.p_vaddr + (m->off - ph.p_offset));
			return true;
		}
	}
	return false;
}

/* Calls fn(elf, bias, mapping, arg) once for each ELF file process pid
 * maps (one of its mappings), with the file's load bias, until it returns
 * true: true then, false when none did or the mappings cannot be read. */
static bool each_mapped_elf(int pid, bool (*fn)(Elf *, uint64_t, const struct pmap *, void *), void *arg)
{
	struct pmap *maps;
	int n = procmaps_read(pid, &maps);
	if (n < 0)
		return false;
	bool done = false;
	for (int i = 0; i < n && !done; i++) {
		const struct pmap *m = &maps[i];
		bool seen = false;
		for (int j = 0; j < i && !seen; j++)
			seen = maps[j].kind == PMAP_FILE && maps[j].dev == m->dev && maps[j].ino == m->ino;
		if (m->kind != PMAP_FILE || seen)
			continue;
		int fd;
		Elf *e = elf_open(m->path, &fd);
		if (!e)
			continue;
		uint64_t bias;
		if (load_bias(e, m, &bias))
			done = fn(e, bias, m, arg);
		elf_end(e);
		close(fd);
	}
	procmaps_free(maps, n);
	return done;
}

static bool data_in(Elf *e, uint64_t bias, const struct pmap *m, void *arg)
{
	struct data_query *q = arg;
	uint64_t addr = q->vaddr;
	if (addr < bias)
		return false;
	q->vaddr = addr - bias;
	bool found = each_symbol(e, holds, q);
	q->vaddr = addr;
	return found;
}

int proc_data_symbol(int pid, uint64_t addr, char *buf, size_t len)
{
	struct demangler *dm = demangler_new();
	if (!dm)
		return 0;
	struct data_query q = { addr, buf, len, dm };
	int found = each_mapped_elf(pid, data_in, &q);
	demangler_free(dm);
	return found;
}

struct name_query {
	const char *name;
	struct sym_addr *out;
	int max, n;
	uint64_t bias;
	const char *file;
};

static bool named(const GElf_Sym *s, const char *name, void *arg)
{
	struct name_query *q = arg;
	int t = GELF_ST_TYPE(s->st_info);
	if ((t != STT_FUNC && t != STT_GNU_IFUNC && t != STT_OBJECT) || strcmp(name, q->name))
		return false;
	uint64_t a = s->st_value + q->bias;
	for (int i = 0; i < q->n; i++)
		if (q->out[i].addr == a)
			return false;
	if (q->n < q->max) {
		struct sym_addr *o = &q->out[q->n++];
		*o = (struct sym_addr){ .addr = a, .size = s->st_size, .function = t != STT_OBJECT };
		snprintf(o->file, sizeof(o->file), "%s", q->file ? q->file : "");
	}
	return q->n >= q->max;
}

int elf_symbol_addrs(const char *path, const char *name, struct sym_addr *out, int max)
{
	int fd;
	Elf *e = elf_open(path, &fd);
	if (!e)
		return -errno;
	struct name_query q = { name, out, max, 0, 0, path };
	each_symbol(e, named, &q);
	elf_end(e);
	close(fd);
	return q.n;
}

static bool names_in(Elf *e, uint64_t bias, const struct pmap *m, void *arg)
{
	struct name_query *q = arg;
	q->bias = bias;
	q->file = m->shown ? m->shown : m->path;
	each_symbol(e, named, q);
	return q->n >= q->max;
}

int proc_symbol_addrs(int pid, const char *name, struct sym_addr *out, int max)
{
	int err = priv_proc_readable(pid);
	if (err)
		return err;
	struct name_query q = { name, out, max, 0, 0, NULL };
	each_mapped_elf(pid, names_in, &q);
	return q.n;
}
