#include "core/pattern.h"

#include "core/features.h"
#include "core/log.h"
#include "core/usdt.h"
#include "symbolize/debuginfo.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

/* A user's part in a message: its start when it is long (the line stays
 * one a terminal shows). */
#define SHOWN_MAX 128
#define SHOW(s) (int)(strlen(s) > SHOWN_MAX ? SHOWN_MAX : strlen(s)), (s), (strlen(s) > SHOWN_MAX ? "..." : "")

static void copy(char *dst, size_t len, const char *src, size_t n)
{
	if (n >= len)
		n = len - 1;
	memcpy(dst, src, n);
	dst[n] = 0;
}

void ksym_base_name(const char *sym, char *out, size_t len)
{
	static const char *const suffixes[] = { ".isra.", ".constprop.", ".part.", ".cold", ".llvm.", NULL };
	size_t n = strlen(sym);
	for (int i = 0; suffixes[i]; i++) {
		const char *s = strstr(sym, suffixes[i]);
		if (s && (size_t)(s - sym) < n)
			n = s - sym;
	}
	if (n > 7 && !strncmp(sym + n - 7, "_noprof", 7))
		n -= 7;
	copy(out, len, sym, n);
}

/* ------------------------------------------------------------ results */

struct points {
	struct attach_point *v;
	int n, cap;
	int err; /* -ENOMEM once a point could not be added: no partial set */
};

/* A point with its strings in one block (freed through name).  NULL when
 * memory ran out, which fails the whole resolution. */
static struct attach_point *points_add(struct points *pts, enum pattern_kind kind, const char *name,
				       const char *target, const char *path, const char *provider)
{
	if (pts->err)
		return NULL;
	if (pts->n == pts->cap) {
		int cap = pts->cap ? pts->cap * 2 : 16;
		struct attach_point *v = realloc(pts->v, cap * sizeof(*v));
		if (!v)
			goto nomem;
		pts->v = v;
		pts->cap = cap;
	}
	size_t ln = strlen(name) + 1, lt = strlen(target) + 1, lp = strlen(path) + 1, lv = strlen(provider) + 1;
	char *b = malloc(ln + lt + lp + lv);
	if (!b)
		goto nomem;
	struct attach_point *a = &pts->v[pts->n++];
	*a = (struct attach_point){
		.kind = kind,
		.name = memcpy(b, name, ln),
		.target = memcpy(b + ln, target, lt),
		.path = memcpy(b + ln + lt, path, lp),
		.provider = memcpy(b + ln + lt + lp, provider, lv),
	};
	return a;
nomem:
	pts->err = -ENOMEM;
	return NULL;
}

void attach_points_free(struct attach_point *pts, int n)
{
	for (int i = 0; pts && i < n; i++)
		free(pts[i].name);
	free(pts);
}

/* ------------------------------------------------------------ kernel */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Kernel function names: those a kprobe can attach to, and (matched only
 * to say so) those that cannot be. */
struct kfuncs {
	char **ok, **out;
	int nok, nout;
};

struct krange {
	uint64_t start, end;
};

static int cmp_range(const void *a, const void *b)
{
	const struct krange *x = a, *y = b;
	return x->start < y->start ? -1 : x->start > y->start;
}

struct kblacklist {
	struct krange *r; /* sorted by start */
	int n;
	char **names; /* where addresses are hidden (kptr_restrict) */
	int nnames;
};

#define DEBUGFS_MAGIC 0x64626720

/* Splits a line read whole (getline: a long symbol is never cut in two
 * lines) into up to max whitespace-separated fields, in place. */
static int fields(char *line, char **f, int max)
{
	int n = 0;
	for (char *save, *t = strtok_r(line, " \t\n", &save); t && n < max; t = strtok_r(NULL, " \t\n", &save))
		f[n++] = t;
	return n;
}

/* The kprobe blacklist (debugfs kprobes/blacklist, "0xSTART-0xEND\tname"):
 * what the kernel refuses to kprobe (NOKPROBE_SYMBOL, .kprobes.text,
 * .noinstr.text, the arch's entry code).  debugfs is mounted for the read
 * when it is not, and unmounted again. */
static void kprobe_blacklist(struct kblacklist *bl)
{
	memset(bl, 0, sizeof(*bl));
	if (!feature_has(FEAT_KPROBES))
		return;
	const char *dir = "/sys/kernel/debug";
	struct statfs sf;
	bool mounted = false;
	if (statfs(dir, &sf) == 0 && sf.f_type != DEBUGFS_MAGIC)
		mounted = mount("debugfs", dir, "debugfs", 0, NULL) == 0;
	FILE *f = fopen("/sys/kernel/debug/kprobes/blacklist", "r");
	if (!f)
		log_debug("no kprobe blacklist (%s): kallsyms functions are not checked against it", strerror(errno));
	char *line = NULL, *fld[2];
	size_t linecap = 0;
	unsigned long long lo, hi;
	int cap = 0, ncap = 0;
	while (f && getline(&line, &linecap, f) > 0) {
		if (fields(line, fld, 2) != 2 || sscanf(fld[0], "0x%llx-0x%llx", &lo, &hi) != 2)
			continue;
		const char *name = fld[1];
		if (lo && hi > lo) {
			if (bl->n == cap) {
				struct krange *v = realloc(bl->r, (cap = cap ? cap * 2 : 256) * sizeof(*v));
				if (!v)
					break;
				bl->r = v;
			}
			bl->r[bl->n++] = (struct krange){ lo, hi };
		} else {
			if (bl->nnames == ncap) {
				char **v = realloc(bl->names, (ncap = ncap ? ncap * 2 : 256) * sizeof(*v));
				if (!v)
					break;
				bl->names = v;
			}
			if (!(bl->names[bl->nnames] = strdup(name)))
				break;
			bl->nnames++;
		}
	}
	free(line);
	if (f)
		fclose(f);
	if (mounted)
		umount2(dir, MNT_DETACH);
	if (bl->r)
		qsort(bl->r, bl->n, sizeof(*bl->r), cmp_range);
	if (bl->names)
		qsort(bl->names, bl->nnames, sizeof(*bl->names), cmp_str);
}

static bool blacklisted(const struct kblacklist *bl, uint64_t addr, const char *name)
{
	int lo = 0, hi = bl->n - 1;
	while (lo <= hi) { /* the last range starting at or before addr */
		int mid = (lo + hi) / 2;
		if (bl->r[mid].start <= addr)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	if (hi >= 0 && addr < bl->r[hi].end)
		return true;
	return bl->nnames && bsearch(&name, bl->names, bl->nnames, sizeof(*bl->names), cmp_str);
}

static void kblacklist_free(struct kblacklist *bl)
{
	for (int i = 0; i < bl->nnames; i++)
		free(bl->names[i]);
	free(bl->names);
	free(bl->r);
}

static bool push(char ***v, int *n, int *cap, const char *name)
{
	if (*n == *cap) {
		int c = *cap ? *cap * 2 : 1 << 12;
		char **nv = realloc(*v, c * sizeof(**v));
		if (!nv)
			return false;
		*v = nv;
		*cap = c;
	}
	return ((*v)[(*n)++] = strdup(name)) != NULL;
}

/* Sorted, each name once. */
static void sort_unique(char **v, int *n)
{
	if (!v)
		return;
	qsort(v, *n, sizeof(*v), cmp_str);
	int u = 0;
	for (int i = 0; i < *n; i++) {
		if (u && !strcmp(v[u - 1], v[i]))
			free(v[i]);
		else
			v[u++] = v[i];
	}
	*n = u;
}

static bool in_list(char **v, int n, const char *name)
{
	return n && bsearch(&name, v, n, sizeof(*v), cmp_str);
}

/* The kallsyms text symbols a kprobe can take.  Not: init code (freed
 * after boot; its names stay in kallsyms), vmlinux symbols outside its
 * text (the kernel's own kernel_text_address() test), the kprobe
 * blacklist, and the kprobe machinery's, CFI's and patchable-entry
 * padding's symbols. */
static int kallsyms_functions(FILE *f, struct kfuncs *k, const struct kblacklist *bl)
{
	struct kentry {
		uint64_t addr;
		bool module;
		char *name;
	} *v = NULL;
	int n = 0, cap = 0, capok = 0, capout = 0, err = 0;
	uint64_t stext = 0, etext = 0, sinit = 0, einit = 0, binit = 0, enit = 0;
	char *line = NULL, *fld[4];
	size_t linecap = 0;
	while (getline(&line, &linecap, f) > 0) {
		int got = fields(line, fld, 4);
		char *end;
		if (got < 3 || fld[1][1])
			continue;
		unsigned long long addr = strtoull(fld[0], &end, 16);
		char type = fld[1][0];
		const char *name = fld[2];
		if (*end)
			continue;
		/* The section markers are of any type (__init_begin is 'B' on
		 * x86). */
		if (got == 3) {
			uint64_t *mark = !strcmp(name, "_stext")	 ? &stext
					 : !strcmp(name, "_etext")	 ? &etext
					 : !strcmp(name, "_sinittext")	 ? &sinit
					 : !strcmp(name, "_einittext")	 ? &einit
					 : !strcmp(name, "__init_begin") ? &binit
					 : !strcmp(name, "__init_end")	 ? &enit
									 : NULL;
			if (mark)
				*mark = addr;
		}
		if (type != 't' && type != 'T')
			continue;
		if (n == cap) {
			struct kentry *nv = realloc(v, (cap = cap ? cap * 2 : 1 << 16) * sizeof(*v));
			if (!nv) {
				err = -ENOMEM;
				break;
			}
			v = nv;
		}
		v[n] = (struct kentry){ addr, got == 4, strdup(name) };
		if (!v[n++].name) {
			err = -ENOMEM;
			break;
		}
	}
	free(line);
	for (int i = 0; i < n && !err; i++) {
		const char *nm = v[i].name;
		uint64_t a = v[i].addr;
		/* Not functions: padding and CFI preambles before each. */
		if (!strncmp(nm, "__pfx_", 6) || !strncmp(nm, "__cfi_", 6))
			continue;
		bool bad = !strncmp(nm, "__kprobes", 9) || !strncmp(nm, "_kbl_addr_", 10);
		if (!v[i].module && a) {
			bad |= stext && etext && (a < stext || a >= etext);
			bad |= sinit && einit && a >= sinit && a < einit;
			bad |= binit && enit && a >= binit && a < enit;
		}
		bad |= blacklisted(bl, a, nm);
		if (!(bad ? push(&k->out, &k->nout, &capout, nm) : push(&k->ok, &k->nok, &capok, nm)))
			err = -ENOMEM;
	}
	for (int i = 0; i < n; i++)
		free(v[i].name);
	free(v);
	return err;
}

static void kfuncs_free(struct kfuncs *k)
{
	for (int i = 0; i < k->nok; i++)
		free(k->ok[i]);
	for (int i = 0; i < k->nout; i++)
		free(k->out[i]);
	free(k->ok);
	free(k->out);
}

/* Functions a kprobe can attach to: available_filter_functions where the
 * kernel lets us read it (the traceable set: kprobe_multi links take it
 * whole, blacklist or not), else kallsyms' text symbols less what kprobes
 * refuse. */
static int kernel_functions(struct kfuncs *k)
{
	char path[PATH_MAX], *line = NULL, *fld[1];
	size_t linecap = 0;
	const char *tfs = tracefs_path();
	FILE *f = NULL;
	int err = 0;
	memset(k, 0, sizeof(*k));
	if (tfs) {
		snprintf(path, sizeof(path), "%s/available_filter_functions", tfs);
		f = fopen(path, "r");
		if (f && getline(&line, &linecap, f) <= 0) {
			fclose(f);
			f = NULL;
		} else if (f) {
			rewind(f);
		}
	}
	bool aff = f != NULL;
	if (!f) {
		log_debug("available_filter_functions cannot be read: kernel functions from /proc/kallsyms");
		f = fopen("/proc/kallsyms", "r");
	}
	if (!f) {
		err = -errno;
		free(line);
		return err;
	}
	if (aff) {
		int cap = 0;
		while (!err && getline(&line, &linecap, f) > 0)
			if (fields(line, fld, 1) == 1 && !push(&k->ok, &k->nok, &cap, fld[0]))
				err = -ENOMEM;
	} else {
		struct kblacklist bl;
		kprobe_blacklist(&bl);
		err = kallsyms_functions(f, k, &bl);
		kblacklist_free(&bl);
	}
	free(line);
	fclose(f);
	if (err) {
		kfuncs_free(k);
		return err;
	}
	/* Static functions of the same name in several files appear more than
	 * once; one probe by name covers the name, and a name that is
	 * probeable somewhere is not reported as left out. */
	sort_unique(k->ok, &k->nok);
	sort_unique(k->out, &k->nout);
	int u = 0;
	for (int i = 0; i < k->nout; i++) {
		if (in_list(k->ok, k->nok, k->out[i]))
			free(k->out[i]);
		else
			k->out[u++] = k->out[i];
	}
	k->nout = u;
	return 0;
}

static bool kname_matches(const struct pattern *p, const char *sym)
{
	if (pattern_match(p, p->name, sym))
		return true;
	/* The base name whole: a cut one could match what the name does not. */
	size_t len = strlen(sym) + 1;
	char small[512], *base = len <= sizeof(small) ? small : malloc(len);
	if (!base)
		return false;
	ksym_base_name(sym, base, len);
	bool m = strcmp(base, sym) && pattern_match(p, p->name, base);
	if (base != small)
		free(base);
	return m;
}

void pattern_name_list(char *buf, size_t len, const char *const *names, int n)
{
	size_t at = 0;
	buf[0] = 0;
	for (int i = 0; i < n; i++) {
		size_t need = strlen(names[i]) + 2;
		/* Room for this name and a " and N more" tail. */
		if (at + need + 24 >= len) {
			snprintf(buf + at, len - at, " and %d more", n - i);
			return;
		}
		at += snprintf(buf + at, len - at, "%s%s", i ? ", " : "", names[i]);
	}
}

static int resolve_kernel(const struct pattern *p, struct points *pts, char *err, size_t errlen)
{
	struct kfuncs k;
	int ret = kernel_functions(&k);
	if (ret)
		return ret;
	for (int i = 0; i < k.nok; i++) {
		if (!kname_matches(p, k.ok[i]))
			continue;
		if (!points_add(pts, PAT_KPROBE, k.ok[i], k.ok[i], "", ""))
			break;
	}
	const char **out = calloc(k.nout ? k.nout : 1, sizeof(*out));
	int nout = 0;
	for (int i = 0; out && i < k.nout; i++)
		if (kname_matches(p, k.out[i]))
			out[nout++] = k.out[i];
	if (nout) {
		char list[700];
		pattern_name_list(list, sizeof(list), out, nout);
		log_debug("'%.*s%s': %d matching functions left out (init code or the kprobe blacklist): %s",
			  SHOW(p->name), nout, list);
		if (!pts->n)
			snprintf(err, errlen,
				 "no kernel function matches '%.*s%s' that kprobes can probe (left out as init code or in the kprobe blacklist: %s)",
				 SHOW(p->name), list);
	}
	free(out);
	kfuncs_free(&k);
	return 0;
}

/* ------------------------------------------------------------ tracepoints */

/* An event a perf event can attach a BPF program to: one with an id (what
 * perf_event_open takes), outside the ftrace category, whose events are
 * ftrace's own record types (function, print, ...) and not tracepoints:
 * the kernel refuses BPF there (EPERM, EINVAL), or they have no id. */
static bool attachable_event(const char *dir, const char *cat, const char *ev)
{
	char id[PATH_MAX];
	struct stat st;
	if (!strcmp(cat, "ftrace"))
		return false;
	return snprintf(id, sizeof(id), "%s/%s/id", dir, ev) < (int)sizeof(id) && stat(id, &st) == 0;
}

/* An event is a directory; "enable" and "filter" beside them are not. */
static bool is_dir(const char *dir, const struct dirent *e)
{
	char full[PATH_MAX];
	struct stat st;
	if (e->d_type != DT_UNKNOWN)
		return e->d_type == DT_DIR;
	return snprintf(full, sizeof(full), "%s/%s", dir, e->d_name) < (int)sizeof(full) && stat(full, &st) == 0 &&
	       S_ISDIR(st.st_mode);
}

/* "group:event" of every dynamic event (kprobe, uprobe, synthetic, eprobe,
 * fprobe events: "p:kprobes/myprobe do_sys_open" in dynamic_events), sorted:
 * one may bear a tracepoint's name without being that tracepoint. */
static int dynamic_events(const char *tfs, char ***out, int *n)
{
	char path[PATH_MAX], *line = NULL, *fld[1];
	size_t linecap = 0;
	int cap = 0, err = 0;
	*out = NULL;
	*n = 0;
	snprintf(path, sizeof(path), "%s/dynamic_events", tfs);
	FILE *f = fopen(path, "r");
	while (f && !err && getline(&line, &linecap, f) > 0) {
		char *colon, *slash;
		if (fields(line, fld, 1) != 1 || !(colon = strchr(fld[0], ':')) || !(slash = strchr(colon, '/')))
			continue;
		*slash = ':';
		if (!push(out, n, &cap, colon + 1))
			err = -ENOMEM;
	}
	free(line);
	if (f)
		fclose(f);
	sort_unique(*out, n);
	return err;
}

static void free_names(char **v, int n)
{
	for (int i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* Marks the points from first on that a raw tracepoint of their event's
 * name reaches (attach_point.raw_tp).  Every event name in tracefs is read
 * to find those that two categories share. */
static int mark_raw_tracepoints(const char *tfs, struct points *pts, int first)
{
	char path[PATH_MAX];
	char **all = NULL, **dyn = NULL;
	int nall = 0, cap = 0, ndyn = 0, err = dynamic_events(tfs, &dyn, &ndyn);
	snprintf(path, sizeof(path), "%s/events", tfs);
	DIR *cats = err ? NULL : opendir(path);
	struct dirent *c, *e;
	while (cats && !err && (c = readdir(cats))) {
		if (c->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/events/%s", tfs, c->d_name);
		DIR *evs = opendir(path);
		while (evs && !err && (e = readdir(evs)))
			if (e->d_name[0] != '.' && is_dir(path, e) && !push(&all, &nall, &cap, e->d_name))
				err = -ENOMEM;
		if (evs)
			closedir(evs);
	}
	if (cats)
		closedir(cats);
	if (all)
		qsort(all, nall, sizeof(*all), cmp_str);
	for (int i = first; i < pts->n && !err; i++) {
		struct attach_point *a = &pts->v[i];
		const char *ev = strchr(a->target, ':') + 1;
		size_t catlen = (size_t)(ev - 1 - a->target);
		char **hit = nall ? bsearch(&ev, all, nall, sizeof(*all), cmp_str) : NULL;
		bool shared = !hit || (hit > all && !strcmp(hit[-1], ev)) || (hit < all + nall - 1 && !strcmp(hit[1], ev));
		a->raw_tp = !shared && !in_list(dyn, ndyn, a->target) &&
			    !(catlen == 8 && !strncmp(a->target, "syscalls", 8)) && strncmp(a->target, "user_events", 11);
	}
	free_names(all, nall);
	free_names(dyn, ndyn);
	return err;
}

static int resolve_tracepoints(const struct pattern *p, struct points *pts, char *err, size_t errlen)
{
	const char *tfs = tracefs_path();
	char path[PATH_MAX], shown[2 * NAME_MAX + 2];
	char **out = NULL;
	int nout = 0, capout = 0;
	if (!tfs)
		return -ENOENT;
	snprintf(path, sizeof(path), "%s/events", tfs);
	DIR *cats = opendir(path);
	if (!cats)
		return -errno;
	struct dirent *c, *e;
	while ((c = readdir(cats)) && !pts->err) {
		if (c->d_name[0] == '.' || !pattern_match(p, p->category, c->d_name))
			continue;
		snprintf(path, sizeof(path), "%s/events/%s", tfs, c->d_name);
		DIR *evs = opendir(path);
		while (evs && (e = readdir(evs))) {
			if (e->d_name[0] == '.' || !is_dir(path, e) || !pattern_match(p, p->name, e->d_name))
				continue;
			snprintf(shown, sizeof(shown), "%s:%s", c->d_name, e->d_name);
			if (!attachable_event(path, c->d_name, e->d_name)) {
				if (!push(&out, &nout, &capout, shown))
					pts->err = -ENOMEM;
				continue;
			}
			if (!points_add(pts, PAT_TRACEPOINT, shown, shown, "", ""))
				break;
		}
		if (evs)
			closedir(evs);
	}
	closedir(cats);
	if (nout && !pts->err) {
		char list[700];
		sort_unique(out, &nout);
		pattern_name_list(list, sizeof(list), (const char *const *)out, nout);
		log_debug("'%.*s%s:%.*s%s': %d matching events left out (ftrace's own records, or without an id: perf events cannot attach to them): %s",
			  SHOW(p->category), SHOW(p->name), nout, list);
		if (!pts->n)
			snprintf(err, errlen,
				 "no tracepoint matches '%.*s%s:%.*s%s' that can be attached (left out as ftrace's own records or without an id: %s)",
				 SHOW(p->category), SHOW(p->name), list);
	}
	free_names(out, nout);
	return pts->n && !pts->err ? mark_raw_tracepoints(tfs, pts, 0) : 0;
}


static bool seen_offset(const struct points *pts, int from, uint64_t off)
{
	for (int i = from; i < pts->n; i++)
		if (pts->v[i].offset == off)
			return true;
	return false;
}

/* The functions of one symbol table matching the pattern.  syms may be a
 * separate debug file's: its symbol values are the same virtual addresses,
 * but only elf (the file probed) has the segments giving file offsets. */
static void add_functions(const struct pattern *p, Elf *elf, Elf *syms, Elf_Scn *scn, const char *path,
			  struct points *pts, int first)
{
	GElf_Shdr sh;
	Elf_Data *data = gelf_getshdr(scn, &sh) ? elf_getdata(scn, NULL) : NULL;
	if (!data || sh.sh_type == SHT_NOBITS)
		return;
	size_t count = sh.sh_entsize ? sh.sh_size / sh.sh_entsize : 0;
	for (size_t i = 0; i < count; i++) {
		GElf_Sym sym;
		if (!gelf_getsym(data, i, &sym) || sym.st_shndx == SHN_UNDEF || !sym.st_value)
			continue;
		int type = GELF_ST_TYPE(sym.st_info);
		if (type != STT_FUNC && type != STT_GNU_IFUNC)
			continue;
		const char *name = elf_strptr(syms, sh.sh_link, sym.st_name);
		if (!name || !pattern_match(p, p->name, name))
			continue;
		uint64_t off;
		/* Aliases (malloc, __libc_malloc) share an address: one probe,
		 * named by the first one seen. */
		if (elf_vaddr_offset(elf, sym.st_value, true, &off) || seen_offset(pts, first, off))
			continue;
		struct attach_point *a = points_add(pts, PAT_UPROBE, name, name, path, "");
		if (!a)
			return;
		a->offset = off;
	}
}

/* A stripped file's full symbol table is in its debug file (found by
 * build-id or .gnu_debuglink, where the symbolizer finds it). */
static void add_debugfile_functions(const struct pattern *p, Elf *elf, const char *path, struct points *pts,
				    int first)
{
	int fd = debuginfo_open_for(elf, path, NULL, 0);
	if (fd < 0)
		return;
	Elf *dbg = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	if (dbg && elf_kind(dbg) == ELF_K_ELF) {
		Elf_Scn *scn = NULL;
		GElf_Shdr sh;
		while ((scn = elf_nextscn(dbg, scn)))
			if (gelf_getshdr(scn, &sh) && sh.sh_type == SHT_SYMTAB)
				add_functions(p, elf, dbg, scn, path, pts, first);
	}
	if (dbg)
		elf_end(dbg);
	close(fd);
}

static void add_usdt_probes(const struct pattern *p, Elf_Data *data, const char *path, struct points *pts,
			    int first)
{
	size_t off = 0;
	struct usdt_note note;
	while (usdt_note_next(data, &off, &note)) {
		const char *prov = note.provider, *pname = note.name;
		if (p->provider[0] && !pattern_match(p, p->provider, prov))
			continue;
		if (!pattern_match(p, p->name, pname))
			continue;
		bool dup = false;
		for (int i = first; i < pts->n; i++)
			dup |= !strcmp(pts->v[i].provider, prov) && !strcmp(pts->v[i].target, pname);
		if (dup) /* libbpf attaches every site of a probe at once */
			continue;
		size_t len = strlen(prov) + strlen(pname) + 2;
		char *shown = malloc(len);
		if (!shown) {
			pts->err = -ENOMEM;
			return;
		}
		snprintf(shown, len, "%s:%s", prov, pname);
		struct attach_point *a = points_add(pts, PAT_USDT, shown, pname, path, prov);
		free(shown);
		if (!a)
			return;
	}
}

static int resolve_elf(const struct pattern *p, const char *path, struct points *pts)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	elf_version(EV_CURRENT);
	Elf *elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	if (!elf || elf_kind(elf) != ELF_K_ELF) {
		if (elf)
			elf_end(elf);
		close(fd);
		return -ENOEXEC;
	}
	int first = pts->n;
	bool has_symtab = false;
	Elf_Scn *scn = NULL;
	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;
		if (!gelf_getshdr(scn, &sh))
			continue;
		if (p->kind == PAT_UPROBE && (sh.sh_type == SHT_SYMTAB || sh.sh_type == SHT_DYNSYM)) {
			has_symtab |= sh.sh_type == SHT_SYMTAB;
			add_functions(p, elf, elf, scn, path, pts, first);
		} else if (p->kind == PAT_USDT && sh.sh_type == SHT_NOTE) {
			Elf_Data *data = elf_getdata(scn, NULL);
			if (data)
				add_usdt_probes(p, data, path, pts, first);
		}
	}
	/* .dynsym alone names only the exported functions. */
	if (p->kind == PAT_UPROBE && !has_symtab)
		add_debugfile_functions(p, elf, path, pts, first);
	elf_end(elf);
	close(fd);
	return 0;
}

int pattern_resolve(const struct pattern *p, int pid, struct attach_point **out, char *err, size_t errlen)
{
	struct points pts = { 0 };
	char path[PATH_MAX];
	int ret;
	const char *what = "function";

	err[0] = 0;
	switch (p->kind) {
	case PAT_KPROBE:
		ret = resolve_kernel(p, &pts, err, errlen);
		what = "kernel function";
		break;
	case PAT_TRACEPOINT:
		ret = resolve_tracepoints(p, &pts, err, errlen);
		what = "tracepoint";
		if (ret == -ENOENT && !tracefs_path()) {
			snprintf(err, errlen, "tracepoints need tracefs: mount -t tracefs tracefs /sys/kernel/tracing");
			return ret;
		}
		break;
	case PAT_UPROBE:
	case PAT_USDT:
		ret = resolve_binary(p->lib, pid, path, sizeof(path));
		if (ret) {
			snprintf(err, errlen, "cannot find library or binary '%.*s%s'%s", SHOW(p->lib),
				 ret == -ENAMETOOLONG ? ": its path is too long" : "");
			return ret;
		}
		ret = resolve_elf(p, path, &pts);
		if (ret == -ENOEXEC) {
			snprintf(err, errlen, "%.*s%s is not an ELF file", SHOW(path));
			return ret;
		}
		what = p->kind == PAT_USDT ? "USDT probe" : "function";
		break;
	default:
		ret = -EINVAL;
	}
	ret = ret ?: pts.err;
	if (ret) {
		attach_points_free(pts.v, pts.n);
		snprintf(err, errlen, "cannot list %ss: %s", what, strerror(-ret));
		return ret;
	}
	if (!pts.n) {
		free(pts.v);
		/* (resolve_kernel and resolve_tracepoints have said why when
		 * names matched but cannot be probed.) */
		if (err[0])
			;
		else if (p->kind == PAT_TRACEPOINT)
			snprintf(err, errlen, "no tracepoint matches '%.*s%s:%.*s%s'", SHOW(p->category), SHOW(p->name));
		else if (p->kind == PAT_KPROBE)
			snprintf(err, errlen, "no kernel function matches '%.*s%s'", SHOW(p->name));
		else
			snprintf(err, errlen, "no %s matches '%.*s%s%s%.*s%s' in %.*s%s", what, SHOW(p->provider),
				 p->provider[0] ? ":" : "", SHOW(p->name), SHOW(path));
		return -ENOENT;
	}
	*out = pts.v;
	return pts.n;
}
