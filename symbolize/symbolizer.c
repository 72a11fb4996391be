/* The symbolizer: caches of ELF objects (shared by every process mapping
 * the same file), of processes' mappings, and of kernel symbols, bounded by
 * a memory budget and a budget of open files (from RLIMIT_NOFILE); and the
 * rules that turn what they know into frames. */
#include "symbolize/symbolize.h"

#include "symbolize/demangle.h"
#include "symbolize/dwarfidx.h"
#include "symbolize/elfobj.h"
#include "symbolize/elfsection.h"
#include "symbolize/kallsyms.h"
#include "symbolize/procmaps.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_CHAIN 64
#define MAX_PROCS 1024

struct obj {
	struct elfobj *o;	/* NULL: could not be read (remembered), or closed */
	bool closed;		/* let go of under a budget: reopened by path */
	uint64_t dev, ino;
	char *path;
	int refs;		/* mappings of cached processes using it */
	uint64_t used;
	/* Kept when closed: frames by build-id pick their file by it. */
	uint8_t build_id[64];
	size_t build_id_len;
	struct obj *next;
};

struct proc {
	int pid;
	uint64_t exe_dev, exe_ino; /* to notice an exec */
	struct pmap *maps;
	struct obj **objs;
	int n;
	size_t maps_bytes;
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
	int max_fds;
	struct sym_cache_stats peak;
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
	/* A quarter of the descriptors the process may open, the rest being
	 * the tool's (BPF objects, a perf event per CPU): 256 of the usual
	 * 1024. */
	struct rlimit rl;
	rlim_t lim = getrlimit(RLIMIT_NOFILE, &rl) ? 1024 : rl.rlim_cur;
	s->max_fds = lim / 4 > 256 ? 256 : lim / 4 < 4 ? 4 : (int)(lim / 4);
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

static const char *size_text(size_t n, char *buf, size_t len)
{
	if (n < ((size_t)1 << 20))
		snprintf(buf, len, "%zu KiB", (n + 1023) >> 10);
	else
		snprintf(buf, len, "%.1f MiB", n / 1048576.0);
	return buf;
}

void symbolizer_free(struct symbolizer *s)
{
	if (!s)
		return;
	if (s->o.note) {
		struct sym_cache_stats st;
		char now[32], peak[32];
		sym_cache_stats(s, &st);
		s->o.note("symbolizer cache: %s (peak %s) of %zu MiB, %d descriptors (peak %d) of %d, %d files, "
			  "%d processes, %lu evicted",
			  size_text(st.bytes, now, sizeof(now)), size_text(st.peak_bytes, peak, sizeof(peak)),
			  st.max_bytes >> 20, st.fds, st.peak_fds, st.max_fds, st.files, st.procs, st.evicted);
	}
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
	size_t shell = sizeof(*b) + strlen(b->path) + 1;
	return shell + (b->o ? b->o->bytes + dwarf_index_bytes(b->o->dw) : 0);
}

static size_t proc_bytes(const struct proc *p)
{
	return p->maps_bytes + perfmap_bytes(p->jit);
}

/* Descriptors an object holds: its file, its debug file, and the dwz file
 * libdw opens for DWARF that refers to one. */
static int obj_fds(const struct obj *b)
{
	const struct elfobj *o = b->o;
	return o ? (o->fd >= 0) + (o->dbg_fd >= 0) + (o->dw && o->dw_alt) : 0;
}

static int cache_fds(const struct symbolizer *s)
{
	int n = 0;
	for (const struct obj *b = s->objs; b; b = b->next)
		n += obj_fds(b);
	return n;
}

size_t sym_cache_bytes(const struct symbolizer *s)
{
	size_t t = kallsyms_bytes(s->k);
	for (const struct obj *b = s->objs; b; b = b->next)
		t += obj_bytes(b);
	for (const struct proc *p = s->procs; p; p = p->next)
		t += proc_bytes(p);
	return t;
}

void sym_cache_stats(const struct symbolizer *s, struct sym_cache_stats *st)
{
	*st = s->peak;
	st->bytes = sym_cache_bytes(s);
	st->max_bytes = s->o.cache_bytes;
	st->fds = cache_fds(s);
	st->max_fds = s->max_fds;
	st->files = st->entries = 0;
	for (const struct obj *b = s->objs; b; b = b->next) {
		st->files += b->o != NULL;
		st->entries++;
	}
	st->procs = s->nprocs;
	if (st->bytes > st->peak_bytes)
		st->peak_bytes = st->bytes;
	if (st->fds > st->peak_fds)
		st->peak_fds = st->fds;
}

static void note_peak(struct symbolizer *s, size_t bytes)
{
	if (bytes > s->peak.peak_bytes)
		s->peak.peak_bytes = bytes;
	int fds = cache_fds(s);
	if (fds > s->peak.peak_fds)
		s->peak.peak_fds = fds;
}

/* Lets go of an object's parsed file: freed when no cached process maps
 * it, else closed, to be reopened by its path when next needed. */
static void release(struct symbolizer *s, struct obj **pb)
{
	struct obj *b = *pb;
	s->peak.evicted++;
	if (!b->refs) {
		*pb = b->next;
		obj_free(b);
		return;
	}
	elfobj_free(b->o);
	b->o = NULL;
	b->closed = true;
}

enum { NO_REFS, REFS };

/* The least recently used object but keep: with fds, one that holds any;
 * one that is mapped must be open (closing it frees nothing else), one
 * that is not may be an unreadable file's remembered entry. */
static struct obj **lru_obj(struct symbolizer *s, int refs, bool fds, const struct obj *keep)
{
	struct obj **best = NULL;
	for (struct obj **pb = &s->objs; *pb; pb = &(*pb)->next) {
		struct obj *b = *pb;
		if (b == keep || (fds && !obj_fds(b)) || (refs == NO_REFS && b->refs) ||
		    (refs == REFS && (!b->refs || !b->o)))
			continue;
		if (!best || b->used < (*best)->used)
			best = pb;
	}
	return best;
}

/* Before opening a file for keep: room for it (and its debug and dwz
 * files) under the descriptor budget, unmapped objects given up first. */
static void make_fd_room(struct symbolizer *s, int need, const struct obj *keep)
{
	int fds = cache_fds(s);
	while (fds + need > s->max_fds) {
		struct obj **pb = lru_obj(s, NO_REFS, true, keep);
		if (!pb)
			pb = lru_obj(s, REFS, true, keep);
		if (!pb)
			break;
		fds -= obj_fds(*pb);
		release(s, pb);
	}
}

static struct proc *lru_proc(struct symbolizer *s, bool with_jit)
{
	struct proc *best = NULL;
	for (struct proc *p = s->procs; p; p = p->next)
		if ((!with_jit || p->jit) && (!best || p->used < best->used))
			best = p;
	return best;
}

static void drop_proc(struct symbolizer *s, int pid);

/* Over budget: first DWARF indexes (rebuilt on demand from files still
 * open), least recently used first; then whole files no cached process
 * maps; JIT maps (read again on demand); files processes map (reopened by
 * path, which fails once a deleted binary's process is gone); and last the
 * processes' mappings themselves. */
void sym_trim(struct symbolizer *s)
{
	/* A file closed under a budget that no process maps any more is
	 * opened afresh if asked for again: nothing to keep. */
	for (struct obj **pb = &s->objs; *pb;) {
		struct obj *b = *pb;
		if (b->closed && !b->refs) {
			*pb = b->next;
			obj_free(b);
		} else {
			pb = &b->next;
		}
	}
	size_t total = sym_cache_bytes(s);
	note_peak(s, total);
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
		struct obj **pb = lru_obj(s, NO_REFS, false, NULL);
		struct proc *p;
		if (pb) {
			total -= obj_bytes(*pb);
			release(s, pb);
		} else if ((p = lru_proc(s, true))) {
			total -= perfmap_bytes(p->jit);
			perfmap_free(p->jit);
			p->jit = NULL;
			p->jit_tried = false;
			s->peak.evicted++;
		} else if ((pb = lru_obj(s, REFS, false, NULL))) {
			struct obj *b = *pb;
			total -= obj_bytes(b);
			release(s, pb);
			total += obj_bytes(b); /* the closed entry stays */
		} else if ((p = lru_proc(s, false))) {
			total -= proc_bytes(p);
			drop_proc(s, p->pid);
			s->peak.evicted++;
		} else {
			break;
		}
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

/* Opens b's file (again, when a budget closed it). */
static void obj_open(struct symbolizer *s, struct obj *b)
{
	b->closed = false;
	make_fd_room(s, 3, b);
	if (elfobj_open(&b->o, b->path, NULL, 0, s->roots))
		b->o = NULL;
	/* A mapping names its inode: a file swapped under its path since
	 * (by a container, between our stat and open) is not that file. */
	if (b->o && b->ino && b->o->ino != b->ino) {
		elfobj_free(b->o);
		b->o = NULL;
	}
	if (b->o) {
		memcpy(b->build_id, b->o->build_id, sizeof(b->build_id));
		b->build_id_len = b->o->build_id_len;
	}
	note_peak(s, 0);
}

static struct obj *found(struct symbolizer *s, struct obj *b)
{
	b->used = s->clock;
	if (b->closed)
		obj_open(s, b);
	return b;
}

static struct obj *get_obj(struct symbolizer *s, const char *path, uint64_t dev, uint64_t ino)
{
	if (!dev && !ino) {
		/* By path (addr2line's many addresses of one file): no stat()
		 * per address. */
		for (struct obj *b = s->objs; b; b = b->next)
			if (!strcmp(b->path, path))
				return found(s, b);
		struct stat st;
		if (!stat(path, &st))
			dev = st.st_dev, ino = st.st_ino;
	}
	for (struct obj *b = s->objs; b; b = b->next)
		if (dev || ino ? b->dev == dev && b->ino == ino : !strcmp(b->path, path))
			return found(s, b);
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
	obj_open(s, b);
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
	p->maps_bytes = sizeof(*p) + procmaps_bytes(p->maps, p->n) + p->n * sizeof(*p->objs);
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
		if (!o->dw_tried && !o->dw_refused) {
			o->dw_tried = true;
			Elf *de = elfobj_dwarf_elf(o);
			/* libdw inflates compressed sections whole, into memory
			 * that stays until the file is closed: a small file can
			 * declare gigabytes.  What cannot fit in the whole cache
			 * is not inflated; the symbol table still names. */
			uint64_t inflated = de ? elf_debug_inflated_bytes(de) : 0;
			if (inflated > s->o.cache_bytes) {
				note(s, "%s: DWARF not read: its compressed sections would inflate to %.1f MiB, "
					"over the %zu MiB cache", o->path, inflated / 1048576.0, s->o.cache_bytes >> 20);
				o->dw_refused = true;
				de = NULL;
			}
			if (de && elf_has_section(de, ".gnu_debugaltlink")) {
				o->dw_alt = true;
				make_fd_room(s, 1, b);
			}
			o->dw = de ? dwarf_index_open(de) : NULL;
			/* The inflated sections belong to the ELF now. */
			o->bytes += de ? inflated : 0;
			note_peak(s, 0);
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
		outer->linkage = sym->name;
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
	b->refs++; /* under a budget closed at worst, and reopened by path */
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
		struct obj *b = s->by_id[i];
		/* The kernel pads shorter build-ids (MD5's 16 bytes) with 0s. */
		size_t n = b->build_id_len < idlen ? b->build_id_len : idlen;
		bool same = !memcmp(b->build_id, id, n);
		for (size_t k = n; same && k < idlen; k++)
			same = !id[k];
		if (!same)
			continue;
		found(s, b);
		uint64_t vaddr;
		if (b->o && elfobj_vaddr(b->o, off, &vaddr))
			return resolve(s, b, vaddr, b->o->path, f, max);
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
		} else {
			found(s, p->objs[i]);
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
			p->maps_bytes = sizeof(*p) + procmaps_bytes(maps, cnt) + cnt * sizeof(*objs);
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

int sym_user_mapping(struct symbolizer *s, int pid, uint64_t addr, struct sym_mapping *out)
{
	begin(s);
	struct proc *p = pid > 0 ? get_proc(s, pid) : NULL;
	for (int i = 0; p && i < p->n; i++) {
		struct pmap *m = &p->maps[i];
		if (addr < m->start || addr >= m->end)
			continue;
		*out = (struct sym_mapping){ .start = m->start, .limit = m->end, .offset = m->off };
		struct obj *b = NULL;
		if (m->kind == PMAP_VDSO) {
			out->path = "[vdso]";
			b = get_vdso(s);
		} else if (m->kind == PMAP_ANON) {
			out->path = "[anon]";
		} else {
			out->path = m->shown;
			if (!p->objs[i] && (p->objs[i] = get_obj(s, m->path, m->dev, m->ino)))
				p->objs[i]->refs++;
			b = p->objs[i];
		}
		/* Kept when a budget closed the file: no reopening for it. */
		if (b && b->build_id_len) {
			out->build_id = b->build_id;
			out->build_id_len = b->build_id_len;
		} else if (b && b->o && b->o->build_id_len) {
			out->build_id = b->o->build_id;
			out->build_id_len = b->o->build_id_len;
		}
		return 0;
	}
	return -ENOENT;
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
