/* Basic symbolization for the stack tools: kernel addresses through
 * /proc/kallsyms, user addresses through /proc/PID/maps and the ELF symbol
 * tables of the mapped files.  (DWARF lines and inline chains come from
 * symbolize/ when it is linked in; see symbols_opts.) */
#include "core/symbols.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct sym {
	uint64_t addr;
	char *name;
};

struct symtab {
	struct sym *v;
	size_t n, cap;
};

struct elf_file {
	char path[640];
	struct symtab syms;
	/* p_vaddr - p_offset of the executable segment: file offset -> vaddr. */
	int64_t bias;
	struct elf_file *next;
};

struct mapping {
	uint64_t start, end, off;
	struct elf_file *elf;
	char name[64]; /* [vdso], [anon]... when no file */
};

struct proc {
	int pid;
	struct mapping *maps;
	size_t n;
	struct proc *next;
};

struct symbols {
	struct symbols_opts o;
	struct symtab kernel;
	bool kernel_loaded;
	struct elf_file *elfs;
	struct proc *procs;
	char buf[4][600];
	int which;
};

static int add(struct symtab *t, uint64_t addr, const char *name)
{
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 4096;
		struct sym *v = realloc(t->v, cap * sizeof(*v));
		if (!v)
			return -ENOMEM;
		t->v = v;
		t->cap = cap;
	}
	t->v[t->n].addr = addr;
	t->v[t->n].name = strdup(name);
	return t->v[t->n++].name ? 0 : -ENOMEM;
}

static int by_addr(const void *a, const void *b)
{
	const struct sym *x = a, *y = b;
	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

/* The last symbol at or below addr. */
static const struct sym *lookup(const struct symtab *t, uint64_t addr)
{
	size_t lo = 0, hi = t->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (t->v[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo ? &t->v[lo - 1] : NULL;
}

static void free_symtab(struct symtab *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->v[i].name);
	free(t->v);
}

struct symbols *symbols_open(const struct symbols_opts *o)
{
	struct symbols *s = calloc(1, sizeof(*s));
	if (s && o)
		s->o = *o;
	elf_version(EV_CURRENT);
	return s;
}

static void load_kernel(struct symbols *s)
{
	FILE *f = fopen("/proc/kallsyms", "r");
	char line[512];
	s->kernel_loaded = true;
	while (f && fgets(line, sizeof(line), f)) {
		unsigned long long addr;
		char type, name[256];
		if (sscanf(line, "%llx %c %255s", &addr, &type, name) != 3 || !addr)
			continue;
		if (type != 't' && type != 'T' && type != 'w' && type != 'W')
			continue;
		add(&s->kernel, addr, name);
	}
	if (f)
		fclose(f);
	qsort(s->kernel.v, s->kernel.n, sizeof(struct sym), by_addr);
}

static const char *format(struct symbols *s, const char *name, uint64_t off)
{
	char *b = s->buf[s->which++ % 4];
	if (!name)
		snprintf(b, sizeof(s->buf[0]), "[unknown]");
	else if (s->o.offsets)
		snprintf(b, sizeof(s->buf[0]), "%s+0x%llx", name, (unsigned long long)off);
	else
		snprintf(b, sizeof(s->buf[0]), "%s", name);
	return b;
}

int symbols_kernel(struct symbols *s, uint64_t addr, const char **frames, int max)
{
	if (max < 1)
		return 0;
	if (!s->kernel_loaded)
		load_kernel(s);
	const struct sym *sym = lookup(&s->kernel, addr);
	frames[0] = format(s, sym ? sym->name : NULL, sym ? addr - sym->addr : 0);
	return 1;
}

static struct elf_file *load_elf(struct symbols *s, const char *path)
{
	for (struct elf_file *e = s->elfs; e; e = e->next)
		if (!strcmp(e->path, path))
			return e;
	struct elf_file *e = calloc(1, sizeof(*e));
	if (!e)
		return NULL;
	snprintf(e->path, sizeof(e->path), "%s", path);
	e->next = s->elfs;
	s->elfs = e;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	Elf *elf = fd >= 0 ? elf_begin(fd, ELF_C_READ_MMAP, NULL) : NULL;
	if (!elf || elf_kind(elf) != ELF_K_ELF)
		goto out;
	size_t nph;
	if (!elf_getphdrnum(elf, &nph))
		for (size_t i = 0; i < nph; i++) {
			GElf_Phdr ph;
			if (gelf_getphdr(elf, i, &ph) && ph.p_type == PT_LOAD && (ph.p_flags & PF_X)) {
				e->bias = (int64_t)ph.p_vaddr - (int64_t)ph.p_offset;
				break;
			}
		}
	Elf_Scn *scn = NULL;
	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;
		if (!gelf_getshdr(scn, &sh) || (sh.sh_type != SHT_SYMTAB && sh.sh_type != SHT_DYNSYM))
			continue;
		Elf_Data *d = elf_getdata(scn, NULL);
		size_t cnt = d && sh.sh_entsize ? sh.sh_size / sh.sh_entsize : 0;
		for (size_t i = 0; i < cnt; i++) {
			GElf_Sym sym;
			if (!gelf_getsym(d, i, &sym) || !sym.st_value || sym.st_shndx == SHN_UNDEF)
				continue;
			int type = GELF_ST_TYPE(sym.st_info);
			if (type != STT_FUNC && type != STT_GNU_IFUNC)
				continue;
			const char *name = elf_strptr(elf, sh.sh_link, sym.st_name);
			if (name && *name)
				add(&e->syms, sym.st_value, name);
		}
	}
	qsort(e->syms.v, e->syms.n, sizeof(struct sym), by_addr);
out:
	if (elf)
		elf_end(elf);
	if (fd >= 0)
		close(fd);
	return e;
}

static struct proc *load_proc(struct symbols *s, int pid)
{
	for (struct proc *p = s->procs; p; p = p->next)
		if (p->pid == pid)
			return p;
	struct proc *p = calloc(1, sizeof(*p));
	if (!p)
		return NULL;
	p->pid = pid;
	p->next = s->procs;
	s->procs = p;
	char path[64], line[1024];
	snprintf(path, sizeof(path), "/proc/%d/maps", pid);
	FILE *f = fopen(path, "r");
	size_t cap = 0;
	while (f && fgets(line, sizeof(line), f)) {
		unsigned long long start, end, off;
		char perms[8];
		int name_at = 0;
		if (sscanf(line, "%llx-%llx %7s %llx %*s %*s %n", &start, &end, perms, &off, &name_at) < 4 ||
		    perms[2] != 'x')
			continue;
		if (p->n == cap) {
			cap = cap ? cap * 2 : 32;
			struct mapping *m = realloc(p->maps, cap * sizeof(*m));
			if (!m)
				break;
			p->maps = m;
		}
		struct mapping *m = &p->maps[p->n++];
		memset(m, 0, sizeof(*m));
		m->start = start, m->end = end, m->off = off;
		char *name = line + name_at;
		name[strcspn(name, "\n")] = 0;
		if (name[0] == '/') {
			/* Through the process's root, so containers resolve. */
			char full[600];
			snprintf(full, sizeof(full), "/proc/%d/root%s", pid, name);
			m->elf = load_elf(s, full);
		} else {
			snprintf(m->name, sizeof(m->name), "%s", name);
		}
	}
	if (f)
		fclose(f);
	return p;
}

int symbols_user(struct symbols *s, int pid, uint64_t addr, const char **frames, int max)
{
	if (max < 1)
		return 0;
	struct proc *p = pid > 0 ? load_proc(s, pid) : NULL;
	for (size_t i = 0; p && i < p->n; i++) {
		struct mapping *m = &p->maps[i];
		if (addr < m->start || addr >= m->end)
			continue;
		if (!m->elf) {
			frames[0] = format(s, NULL, 0);
			return 1;
		}
		uint64_t vaddr = addr - m->start + m->off + m->elf->bias;
		const struct sym *sym = lookup(&m->elf->syms, vaddr);
		frames[0] = format(s, sym ? sym->name : NULL, sym ? vaddr - sym->addr : 0);
		return 1;
	}
	frames[0] = format(s, NULL, 0);
	return 1;
}

void symbols_preload(struct symbols *s, int pid)
{
	if (pid > 0)
		load_proc(s, pid);
}

void symbols_forget(struct symbols *s, int pid)
{
	for (struct proc **pp = &s->procs; *pp; pp = &(*pp)->next) {
		if ((*pp)->pid != pid)
			continue;
		struct proc *p = *pp;
		*pp = p->next;
		free(p->maps);
		free(p);
		return;
	}
}

void symbols_close(struct symbols *s)
{
	if (!s)
		return;
	free_symtab(&s->kernel);
	while (s->elfs) {
		struct elf_file *e = s->elfs;
		s->elfs = e->next;
		free_symtab(&e->syms);
		free(e);
	}
	while (s->procs)
		symbols_forget(s, s->procs->pid);
	free(s);
}
