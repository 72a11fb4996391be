/* The symbolizer: caches of ELF objects (shared by every process mapping
 * the same file), of processes' mappings, and of kernel symbols, bounded by
 * a memory budget; and the rules that turn what they know into frames. */
#include "symbolize/symbolize.h"

#include "symbolize/demangle.h"
#include "symbolize/dwarfidx.h"
#include "symbolize/elfobj.h"
#include "symbolize/kallsyms.h"
#include "symbolize/procmaps.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_CHAIN 64
#define MAX_PROCS 1024

struct obj {
	struct elfobj *o;	/* NULL: could not be read (remembered) */
	uint64_t dev, ino;
	char *path;
	int refs;		/* mappings of cached processes using it */
	uint64_t used;
	struct obj *next;
};

struct proc {
	int pid;
	uint64_t exe_dev, exe_ino; /* to notice an exec */
	struct pmap *maps;
	struct obj **objs;
	int n;
	struct perfmap *jit;
	struct proc_owner owner; /* read while it ran */
	bool owner_known, jit_tried, refreshed;
	uint64_t used;
	struct proc *next;
};

struct symbolizer {
	struct symbolizer_opts o;
	char *roots;
	struct kallsyms *k;
	bool k_tried;
	struct obj *objs;
	struct proc *procs;
	int nprocs;
	struct obj *vdso;
	bool vdso_tried;
	struct demangler *dm;
	uint64_t clock;
	unsigned since_trim;
	/* Files frames taken as (build-id, offset) are looked up in. */
	struct obj *by_id[16];
	int nby_id;
};

struct symbolizer *symbolizer_new(const struct symbolizer_opts *o)
{
	struct symbolizer *s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	if (o)
		s->o = *o;
	if (!s->o.cache_bytes)
		s->o.cache_bytes = (size_t)256 << 20;
	elf_version(EV_CURRENT);
	s->roots = o && o->debuginfo_path ? strdup(o->debuginfo_path) : NULL;
	s->o.debuginfo_path = s->roots;
	s->dm = s->o.demangle ? demangler_new() : NULL;
	return s;
}

static void obj_free(struct obj *b)
{
	elfobj_free(b->o);
	free(b->path);
	free(b);
}

static void proc_free(struct proc *p)
{
	for (int i = 0; i < p->n; i++)
		if (p->objs[i])
			p->objs[i]->refs--;
	procmaps_free(p->maps, p->n);
	free(p->objs);
	perfmap_free(p->jit);
	free(p);
}

void symbolizer_free(struct symbolizer *s)
{
	if (!s)
		return;
	while (s->procs) {
		struct proc *p = s->procs;
		s->procs = p->next;
		proc_free(p);
	}
	while (s->objs) {
		struct obj *b = s->objs;
		s->objs = b->next;
		obj_free(b);
	}
	if (s->vdso)
		obj_free(s->vdso);
	kallsyms_free(s->k);
	demangler_free(s->dm);
	free(s->roots);
	free(s);
}

static size_t obj_bytes(const struct obj *b)
{
	return b->o ? b->o->bytes + dwarf_index_bytes(b->o->dw) : 0;
}

size_t sym_cache_bytes(const struct symbolizer *s)
{
	size_t t = kallsyms_bytes(s->k);
	for (const struct obj *b = s->objs; b; b = b->next)
		t += obj_bytes(b);
	return t;
}

/* Over budget: first drop DWARF indexes (rebuilt on demand), least
 * recently used first; then whole objects no cached process maps. */
void sym_trim(struct symbolizer *s)
{
	size_t total = sym_cache_bytes(s);
	while (total > s->o.cache_bytes) {
		struct obj *lru = NULL;
		for (struct obj *b = s->objs; b; b = b->next)
			if (b->o && b->o->dw && (!lru || b->used < lru->used))
				lru = b;
		if (!lru)
			break;
		total -= dwarf_index_bytes(lru->o->dw);
		dwarf_index_free(lru->o->dw);
		lru->o->dw = NULL;
		lru->o->dw_tried = false;
	}
	while (total > s->o.cache_bytes) {
		struct obj **victim = NULL;
		for (struct obj **pb = &s->objs; *pb; pb = &(*pb)->next)
			if (!(*pb)->refs && (!victim || (*pb)->used < (*victim)->used))
				victim = pb;
		if (!victim)
			break;
		struct obj *b = *victim;
		*victim = b->next;
		total -= obj_bytes(b);
		obj_free(b);
	}
}

/* Every public lookup starts here: names handed out by the previous one may
 * be released now, and the caches brought back under budget. */
static void begin(struct symbolizer *s)
{
	s->clock++;
	demangler_release(s->dm);
	if (++s->since_trim >= 64) {
		s->since_trim = 0;
		sym_trim(s);
	}
}

static struct obj *get_obj(struct symbolizer *s, const char *path, uint64_t dev, uint64_t ino)
{
	if (!dev && !ino) {
		/* By path (addr2line's many addresses of one file): no stat()
		 * per address. */
		for (struct obj *b = s->objs; b; b = b->next)
			if (!strcmp(b->path, path)) {
				b->used = s->clock;
				return b;
			}
		struct stat st;
		if (!stat(path, &st))
			dev = st.st_dev, ino = st.st_ino;
	}
	for (struct obj *b = s->objs; b; b = b->next)
		if (dev || ino ? b->dev == dev && b->ino == ino : !strcmp(b->path, path)) {
			b->used = s->clock;
			return b;
		}
	struct obj *b = calloc(1, sizeof(*b));
	if (!b)
		return NULL;
	b->path = strdup(path);
	b->dev = dev, b->ino = ino;
	b->used = s->clock;
	if (!b->path) {
		free(b);
		return NULL;
	}
	if (elfobj_open(&b->o, path, NULL, 0, s->roots))
		b->o = NULL;
	/* A mapping names its inode: a file swapped under its path since
	 * (by a container, between our stat and open) is not that file. */
	if (b->o && ino && b->o->ino != ino) {
		elfobj_free(b->o);
		b->o = NULL;
	}
	b->next = s->objs;
	s->objs = b;
	return b;
}

/* The vdso is the same image in every process: ours. */
static struct obj *get_vdso(struct symbolizer *s)
{
	if (s->vdso_tried)
		return s->vdso;
	s->vdso_tried = true;
	unsigned long base = getauxval(AT_SYSINFO_EHDR);
	struct pmap *m;
	int n = base ? procmaps_read(getpid(), &m) : 0;
	for (int i = 0; i < n; i++) {
		if (m[i].kind != PMAP_VDSO || m[i].start != base)
			continue;
		struct obj *b = calloc(1, sizeof(*b));
		if (b && (b->path = strdup("[vdso]")) &&
		    !elfobj_open(&b->o, "[vdso]", (void *)base, m[i].end - m[i].start, NULL))
			s->vdso = b;
		else if (b)
			obj_free(b);
		break;
	}
	if (n > 0)
		procmaps_free(m, n);
	return s->vdso;
}

static void drop_proc(struct symbolizer *s, int pid)
{
	for (struct proc **pp = &s->procs; *pp; pp = &(*pp)->next)
		if ((*pp)->pid == pid) {
			struct proc *p = *pp;
			*pp = p->next;
			proc_free(p);
			s->nprocs--;
			return;
		}
}

static struct proc *get_proc(struct symbolizer *s, int pid)
{
	struct stat exe;
	char exe_path[64];
	snprintf(exe_path, sizeof(exe_path), "/proc/%d/exe", pid);
	bool alive = !stat(exe_path, &exe);
	for (struct proc *p = s->procs; p; p = p->next) {
		if (p->pid != pid)
			continue;
		/* Exec'd since (or a new process with the PID): start over.  A
		 * process that is gone keeps what was read while it ran. */
		if (alive && (exe.st_dev != p->exe_dev || exe.st_ino != p->exe_ino)) {
			drop_proc(s, pid);
			break;
		}
		p->used = s->clock;
		return p;
	}
	if (s->nprocs >= MAX_PROCS) {
		struct proc **victim = &s->procs;
		for (struct proc **pp = &s->procs; *pp; pp = &(*pp)->next)
			if ((*pp)->used < (*victim)->used)
				victim = pp;
		struct proc *p = *victim;
		*victim = p->next;
		proc_free(p);
		s->nprocs--;
	}
	struct proc *p = calloc(1, sizeof(*p));
	if (!p)
		return NULL;
	p->pid = pid;
	p->used = s->clock;
	if (alive)
		p->exe_dev = exe.st_dev, p->exe_ino = exe.st_ino;
	p->owner_known = alive && !proc_owner_read(pid, &p->owner);
	int n = procmaps_read(pid, &p->maps);
	if (n > 0) {
		p->objs = calloc(n, sizeof(*p->objs));
		if (!p->objs) {
			procmaps_free(p->maps, n);
			n = 0;
		}
	}
	p->n = n > 0 ? n : 0;
	if (n <= 0)
		p->maps = NULL;
	p->next = s->procs;
	s->procs = p;
	s->nprocs++;
	return p;
}

static void note(struct symbolizer *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void note(struct symbolizer *s, const char *fmt, ...)
{
	if (!s->o.note)
		return;
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	s->o.note("%s", buf);
}

/* The process's JIT map, read the first time an address needs it. */
static const char *jit_name(struct symbolizer *s, struct proc *p, uint64_t addr, uint64_t *off)
{
	if (!p->jit_tried) {
		char why[256];
		p->jit_tried = true;
		p->jit = perfmap_load(p->pid, p->owner_known ? &p->owner : NULL, why, sizeof(why));
		if (why[0])
			note(s, "pid %d: %s", p->pid, why);
	}
	return perfmap_find(p->jit, addr, off);
}

static const char *name_of(struct symbolizer *s, const char *n)
{
	return s->dm ? demangle(s->dm, n) : n;
}

static int unknown(struct sym_frame *f, const char *module)
{
	f[0] = (struct sym_frame){ .module = module };
	return 1;
}

/* vaddr inside object b: DWARF frames when asked and present, else the
 * symbol table's name. */
static int resolve(struct symbolizer *s, struct obj *b, uint64_t vaddr, const char *module,
		   struct sym_frame *f, int max)
{
	if (!b || !b->o)
		return unknown(f, module);
	struct elfobj *o = b->o;
	const struct esym *sym = elfobj_symbol(o, vaddr);
	int n = 0;
	if (s->o.dwarf) {
		if (!o->dw_tried) {
			o->dw_tried = true;
			Elf *de = elfobj_dwarf_elf(o);
			o->dw = de ? dwarf_index_open(de) : NULL;
		}
		struct dw_frame d[MAX_CHAIN];
		int k = o->dw ? dwarf_index_lookup(o->dw, vaddr, d, MAX_CHAIN) : 0;
		if (k > 0 && !s->o.inlines) {
			/* One frame: the out-of-line function, at the address's
			 * own line. */
			d[0].name = d[k - 1].name;
			d[0].inlined = false;
			k = 1;
		}
		for (int i = 0; i < k && n < max; i++, n++) {
			f[n] = (struct sym_frame){ .name = d[i].name, .file = d[i].file, .line = d[i].line,
						   .column = d[i].column, .module = module,
						   .inlined = d[i].inlined };
		}
		/* The physical function keeps its symbol-table name (what BCC
		 * prints, .isra suffixes and all) unless DWARF names are asked
		 * for, as addr2line -f does. */
		if (n && !f[n - 1].inlined && sym && (!f[n - 1].name || !s->o.dwarf_names))
			f[n - 1].name = sym->name;
	}
	if (!n) {
		f[0] = (struct sym_frame){ .name = sym ? sym->name : NULL, .module = module };
		n = 1;
	}
	struct sym_frame *outer = &f[n - 1];
	if (sym && !outer->inlined) {
		outer->offset = vaddr - sym->addr;
		outer->symbol = name_of(s, sym->name);
	}
	for (int i = 0; i < n; i++)
		if (f[i].name)
			f[i].name = name_of(s, f[i].name);
	return n;
}

int sym_add_build_id_file(struct symbolizer *s, const char *path)
{
	if (s->nby_id == (int)(sizeof(s->by_id) / sizeof(s->by_id[0])))
		return -E2BIG;
	begin(s);
	struct obj *b = get_obj(s, path, 0, 0);
	if (!b || !b->o)
		return -ENOENT;
	if (!b->o->build_id_len)
		return -ENODATA;
	b->refs++; /* kept however full the cache gets */
	s->by_id[s->nby_id++] = b;
	return 0;
}

int sym_build_id(struct symbolizer *s, const uint8_t *id, size_t idlen, uint64_t off, struct sym_frame *f,
		 int max)
{
	if (max < 1)
		return 0;
	begin(s);
	for (int i = 0; i < s->nby_id; i++) {
		const struct elfobj *o = s->by_id[i]->o;
		/* The kernel pads shorter build-ids (MD5's 16 bytes) with 0s. */
		size_t n = o->build_id_len < idlen ? o->build_id_len : idlen;
		bool same = !memcmp(o->build_id, id, n);
		for (size_t k = n; same && k < idlen; k++)
			same = !id[k];
		uint64_t vaddr;
		if (same && elfobj_vaddr(o, off, &vaddr))
			return resolve(s, s->by_id[i], vaddr, o->path, f, max);
	}
	return unknown(f, NULL);
}

int sym_elf(struct symbolizer *s, const char *path, uint64_t addr, struct sym_frame *f, int max)
{
	if (max < 1)
		return 0;
	begin(s);
	struct obj *b = get_obj(s, path, 0, 0);
	return resolve(s, b, addr, b && b->o ? b->o->path : path, f, max);
}

static int in_proc(struct symbolizer *s, struct proc *p, uint64_t addr, struct sym_frame *f, int max)
{
	for (int i = 0; i < p->n; i++) {
		struct pmap *m = &p->maps[i];
		if (addr < m->start || addr >= m->end)
			continue;
		if (m->kind == PMAP_VDSO) {
			struct obj *v = get_vdso(s);
			uint64_t vaddr;
			if (!v || !v->o || !elfobj_vaddr(v->o, addr - m->start, &vaddr))
				return unknown(f, "[vdso]");
			return resolve(s, v, vaddr, "[vdso]", f, max);
		}
		if (m->kind == PMAP_ANON) {
			uint64_t off = 0;
			const char *name = jit_name(s, p, addr, &off);
			f[0] = (struct sym_frame){ .name = name, .offset = off, .module = "[anon]" };
			return 1;
		}
		if (!p->objs[i]) {
			p->objs[i] = get_obj(s, m->path, m->dev, m->ino);
			if (p->objs[i])
				p->objs[i]->refs++;
		}
		struct obj *b = p->objs[i];
		uint64_t vaddr;
		if (!b || !b->o || !elfobj_vaddr(b->o, addr - m->start + m->off, &vaddr))
			return unknown(f, m->shown);
		b->used = s->clock;
		return resolve(s, b, vaddr, m->shown, f, max);
	}
	return 0;
}

int sym_user(struct symbolizer *s, int pid, uint64_t addr, struct sym_frame *f, int max)
{
	if (max < 1)
		return 0;
	begin(s);
	struct proc *p = pid > 0 ? get_proc(s, pid) : NULL;
	if (!p)
		return unknown(f, NULL);
	int n = in_proc(s, p, addr, f, max);
	if (!n && !p->refreshed) {
		/* Mapped after we read the maps (dlopen) or the process exec'd:
		 * read them again, once; a process that is gone keeps what we
		 * read while it ran. */
		p->refreshed = true;
		struct pmap *maps;
		int cnt = procmaps_read(pid, &maps);
		struct obj **objs = cnt > 0 ? calloc(cnt, sizeof(*objs)) : NULL;
		if (objs) {
			/* The maps just read replace the old ones in place: a
			 * second read could find a dying process's maps empty
			 * and lose what the first knew. */
			for (int i = 0; i < p->n; i++)
				if (p->objs[i])
					p->objs[i]->refs--;
			procmaps_free(p->maps, p->n);
			free(p->objs);
			p->maps = maps, p->objs = objs, p->n = cnt;
			n = in_proc(s, p, addr, f, max);
		} else if (cnt > 0) {
			procmaps_free(maps, cnt);
		}
	}
	if (!n && p) {
		/* JIT code outside any mapping we saw. */
		uint64_t off = 0;
		const char *name = jit_name(s, p, addr, &off);
		f[0] = (struct sym_frame){ .name = name, .offset = off };
		n = 1;
	}
	return n ? n : unknown(f, NULL);
}

int sym_kernel(struct symbolizer *s, uint64_t addr, struct sym_frame *f, int max)
{
	if (max < 1)
		return 0;
	begin(s);
	if (!s->k_tried) {
		s->k_tried = true;
		s->k = kallsyms_load(NULL);
	}
	const struct ksym *k = kallsyms_find(s->k, addr);
	if (!k)
		return unknown(f, NULL);
	f[0] = (struct sym_frame){ .name = k->name, .offset = addr - k->addr, .module = k->module };
	return 1;
}

void sym_preload(struct symbolizer *s, int pid)
{
	if (pid <= 0)
		return;
	struct proc *p = get_proc(s, pid);
	/* Open the files now too: a short-lived process's binary may be
	 * gone (or its /proc entry) by the time its stacks are printed. */
	for (int i = 0; p && i < p->n; i++)
		if (p->maps[i].kind == PMAP_FILE && !p->objs[i]) {
			p->objs[i] = get_obj(s, p->maps[i].path, p->maps[i].dev, p->maps[i].ino);
			if (p->objs[i])
				p->objs[i]->refs++;
		}
}

void sym_forget(struct symbolizer *s, int pid)
{
	drop_proc(s, pid);
}
