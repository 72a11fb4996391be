#include "core/pattern.h"

#include "core/features.h"
#include "core/log.h"
#include "core/regexp.h"
#include "core/usdt.h"
#include "symbolize/debuginfo.h"

#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <gelf.h>
#include <libelf.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

static void copy(char *dst, size_t len, const char *src, size_t n)
{
	if (n >= len)
		n = len - 1;
	memcpy(dst, src, n);
	dst[n] = 0;
}

/* BCC anchors pattern regexes at both ends. */
static int compile_anchored(regex_t *re, const char *pat, char *err, size_t errlen)
{
	char anchored[REGEXP_MAX_LEN + 8];
	int rc = regexp_check(pat, err, errlen);
	if (rc)
		return rc;
	snprintf(anchored, sizeof(anchored), "^(%s)$", pat);
	if (regcomp(re, anchored, REG_EXTENDED | REG_NOSUB)) {
		snprintf(err, errlen, "invalid regular expression '%.64s%s'", pat, strlen(pat) > 64 ? "..." : "");
		return -EINVAL;
	}
	return 0;
}

int pattern_parse(const char *spec, bool regex, struct pattern *p, char *err, size_t errlen)
{
	const char *parts[5];
	size_t lens[5];
	int n = 0;

	memset(p, 0, sizeof(*p));
	p->regex = regex;
	if (!spec || !*spec) {
		snprintf(err, errlen, "empty probe pattern");
		return -EINVAL;
	}
	for (const char *s = spec;; n++) {
		const char *c = strchr(s, ':');
		if (n == 5) {
			snprintf(err, errlen, "too many ':'-separated parts in '%s'", spec);
			return -EINVAL;
		}
		parts[n] = s;
		lens[n] = c ? (size_t)(c - s) : strlen(s);
		if (!c) {
			n++;
			break;
		}
		s = c + 1;
	}
#define IS(i, lit) (lens[i] == strlen(lit) && !strncmp(parts[i], lit, lens[i]))
	if (n == 1) {
		p->kind = PAT_KPROBE;
		copy(p->name, sizeof(p->name), parts[0], lens[0]);
	} else if (n == 2) {
		p->kind = PAT_UPROBE;
		copy(p->lib, sizeof(p->lib), parts[0], lens[0]);
		copy(p->name, sizeof(p->name), parts[1], lens[1]);
	} else if (n == 3 && IS(0, "p")) {
		p->kind = lens[1] ? PAT_UPROBE : PAT_KPROBE;
		copy(p->lib, sizeof(p->lib), parts[1], lens[1]);
		copy(p->name, sizeof(p->name), parts[2], lens[2]);
	} else if (n == 3 && IS(0, "t")) {
		p->kind = PAT_TRACEPOINT;
		copy(p->category, sizeof(p->category), parts[1], lens[1]);
		copy(p->name, sizeof(p->name), parts[2], lens[2]);
	} else if ((n == 3 || n == 4) && IS(0, "u")) {
		p->kind = PAT_USDT;
		copy(p->lib, sizeof(p->lib), parts[1], lens[1]);
		if (n == 4)
			copy(p->provider, sizeof(p->provider), parts[2], lens[2]);
		copy(p->name, sizeof(p->name), parts[n - 1], lens[n - 1]);
	} else if (n == 3) {
		snprintf(err, errlen, "probe type must be 'p', 't' or 'u', not '%.*s' in '%s'", (int)lens[0], parts[0],
			 spec);
		return -EINVAL;
	} else {
		snprintf(err, errlen, "too many ':'-separated parts in '%s'", spec);
		return -EINVAL;
	}
#undef IS
	if (!p->name[0]) {
		snprintf(err, errlen, "'%s' names no function, event or probe", spec);
		return -EINVAL;
	}
	if ((p->kind == PAT_UPROBE || p->kind == PAT_USDT) && !p->lib[0]) {
		snprintf(err, errlen, "'%s' needs a library or binary", spec);
		return -EINVAL;
	}
	if (p->kind == PAT_TRACEPOINT && !p->category[0]) {
		snprintf(err, errlen, "'%s' needs a tracepoint category", spec);
		return -EINVAL;
	}
	if (regex) {
		regex_t re;
		int rc = compile_anchored(&re, p->name, err, errlen);
		if (rc)
			return rc;
		regfree(&re);
	}
	return 0;
}

bool pattern_match(const struct pattern *p, const char *pat, const char *name)
{
	if (!p->regex)
		return fnmatch(pat, name, 0) == 0;
	/* Compiled once per pattern, not once per name: over kallsyms'
	 * 100,000 names compiling each time cost 0.6-0.9 s of CPU (0.1 s
	 * now), ten times that under the VM tier's emulation. */
	static __thread struct {
		char pat[REGEXP_MAX_LEN + 1];
		regex_t re;
		bool ok;
	} c;
	if (!c.ok || strcmp(c.pat, pat)) {
		char err[256];
		if (c.ok)
			regfree(&c.re);
		snprintf(c.pat, sizeof(c.pat), "%s", pat);
		c.ok = compile_anchored(&c.re, pat, err, sizeof(err)) == 0;
		if (!c.ok)
			return false;
	}
	return regexec(&c.re, name, 0, NULL, 0) == 0;
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
};

static struct attach_point *points_add(struct points *pts)
{
	if (pts->n == pts->cap) {
		int cap = pts->cap ? pts->cap * 2 : 16;
		struct attach_point *v = realloc(pts->v, cap * sizeof(*v));
		if (!v)
			return NULL;
		pts->v = v;
		pts->cap = cap;
	}
	struct attach_point *a = &pts->v[pts->n++];
	memset(a, 0, sizeof(*a));
	return a;
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
	char line[512], name[256];
	unsigned long long lo, hi;
	int cap = 0, ncap = 0;
	while (f && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "0x%llx-0x%llx %255s", &lo, &hi, name) != 3)
			continue;
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
static void kallsyms_functions(FILE *f, struct kfuncs *k, const struct kblacklist *bl)
{
	struct kentry {
		uint64_t addr;
		bool module;
		char *name;
	} *v = NULL;
	int n = 0, cap = 0, capok = 0, capout = 0;
	uint64_t stext = 0, etext = 0, sinit = 0, einit = 0, binit = 0, enit = 0;
	char line[512], name[256], mod[256];
	while (fgets(line, sizeof(line), f)) {
		char type;
		unsigned long long addr;
		int got = sscanf(line, "%llx %c %255s %255s", &addr, &type, name, mod);
		if (got < 3)
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
			if (!nv)
				break;
			v = nv;
		}
		v[n++] = (struct kentry){ addr, got == 4, strdup(name) };
	}
	for (int i = 0; i < n; i++) {
		const char *nm = v[i].name;
		uint64_t a = v[i].addr;
		if (!nm)
			continue;
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
			break;
	}
	for (int i = 0; i < n; i++)
		free(v[i].name);
	free(v);
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
	char path[256], line[512];
	const char *tfs = tracefs_path();
	FILE *f = NULL;
	memset(k, 0, sizeof(*k));
	if (tfs) {
		snprintf(path, sizeof(path), "%s/available_filter_functions", tfs);
		f = fopen(path, "r");
		if (f && !fgets(line, sizeof(line), f)) {
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
	if (!f)
		return -errno;
	if (aff) {
		char name[256];
		int cap = 0;
		while (fgets(line, sizeof(line), f))
			if (sscanf(line, "%255s", name) == 1 && !push(&k->ok, &k->nok, &cap, name))
				break;
	} else {
		struct kblacklist bl;
		kprobe_blacklist(&bl);
		kallsyms_functions(f, k, &bl);
		kblacklist_free(&bl);
	}
	fclose(f);
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
	char base[256];
	ksym_base_name(sym, base, sizeof(base));
	return pattern_match(p, p->name, sym) || (strcmp(base, sym) && pattern_match(p, p->name, base));
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
		struct attach_point *a = points_add(pts);
		if (!a)
			break;
		a->kind = PAT_KPROBE;
		snprintf(a->name, sizeof(a->name), "%s", k.ok[i]);
		snprintf(a->target, sizeof(a->target), "%s", k.ok[i]);
	}
	const char **out = calloc(k.nout ? k.nout : 1, sizeof(*out));
	int nout = 0;
	for (int i = 0; out && i < k.nout; i++)
		if (kname_matches(p, k.out[i]))
			out[nout++] = k.out[i];
	if (nout) {
		char list[700];
		pattern_name_list(list, sizeof(list), out, nout);
		log_debug("'%s': %d matching functions left out (init code or the kprobe blacklist): %s", p->name,
			  nout, list);
		if (!pts->n)
			snprintf(err, errlen,
				 "no kernel function matches '%s' that kprobes can probe (left out as init code or in the kprobe blacklist: %s)",
				 p->name, list);
	}
	free(out);
	kfuncs_free(&k);
	return 0;
}

/* ------------------------------------------------------------ tracepoints */

static int resolve_tracepoints(const struct pattern *p, struct points *pts)
{
	const char *tfs = tracefs_path();
	char path[512];
	if (!tfs)
		return -ENOENT;
	snprintf(path, sizeof(path), "%s/events", tfs);
	DIR *cats = opendir(path);
	if (!cats)
		return -errno;
	struct dirent *c, *e;
	while ((c = readdir(cats))) {
		if (c->d_name[0] == '.' || !pattern_match(p, p->category, c->d_name))
			continue;
		snprintf(path, sizeof(path), "%s/events/%s", tfs, c->d_name);
		DIR *evs = opendir(path);
		while (evs && (e = readdir(evs))) {
			if (e->d_name[0] == '.' || !pattern_match(p, p->name, e->d_name))
				continue;
			char fmt[800];
			struct stat st;
			snprintf(fmt, sizeof(fmt), "%s/%s/format", path, e->d_name);
			if (stat(fmt, &st))
				continue;
			struct attach_point *a = points_add(pts);
			if (!a)
				break;
			a->kind = PAT_TRACEPOINT;
			snprintf(a->name, sizeof(a->name), "%.190s:%.190s", c->d_name, e->d_name);
			snprintf(a->target, sizeof(a->target), "%.190s:%.190s", c->d_name, e->d_name);
		}
		if (evs)
			closedir(evs);
	}
	closedir(cats);
	return 0;
}

/* ------------------------------------------------------------ binaries */

static bool is_file(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* libc.so in a lib directory is often a linker script, not the library. */
static bool is_elf(const char *p)
{
	char magic[4];
	int fd = open(p, O_RDONLY | O_CLOEXEC);
	bool ok = fd >= 0 && read(fd, magic, 4) == 4 && !memcmp(magic, "\177ELF", 4);
	if (fd >= 0)
		close(fd);
	return ok;
}

/* A library name as a process has it mapped: "c" matches libc.so.6 and
 * libc-2.31.so, through /proc/PID/root so containers resolve. */
static int from_maps(const char *lib, int pid, char *path, size_t len)
{
	char mp[64], line[1024], want[300];
	snprintf(mp, sizeof(mp), "/proc/%d/maps", pid);
	FILE *f = fopen(mp, "r");
	if (!f)
		return -ENOENT;
	snprintf(want, sizeof(want), "lib%s", lib);
	size_t wl = strlen(want);
	int err = -ENOENT;
	while (fgets(line, sizeof(line), f)) {
		char *file = strchr(line, '/');
		if (!file)
			continue;
		file[strcspn(file, "\n")] = 0;
		const char *base = strrchr(file, '/') + 1;
		if (!strcmp(base, lib) || (!strncmp(base, want, wl) && (base[wl] == '.' || base[wl] == '-'))) {
			snprintf(path, len, "/proc/%d/root%s", pid, file);
			err = 0;
			break;
		}
	}
	fclose(f);
	return err;
}

int resolve_binary(const char *lib, int pid, char *path, size_t len)
{
	static const char *const dirs[] = { "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib64",
					    "/usr/lib64", "/lib", "/usr/lib", "/usr/local/lib", NULL };
	if (strchr(lib, '/')) {
		if (!is_file(lib))
			return -ENOENT;
		snprintf(path, len, "%s", lib);
		return 0;
	}
	if (pid > 0 && from_maps(lib, pid, path, len) == 0)
		return 0;
	for (int i = 0; dirs[i]; i++) {
		const char *forms[] = { "%s/lib%s.so", "%s/lib%s.so.6", "%s/lib%s.so.1", "%s/lib%s.so.0", "%s/%s",
					NULL };
		for (int k = 0; forms[k]; k++) {
			snprintf(path, len, forms[k], dirs[i], lib);
			if (is_file(path) && is_elf(path))
				return 0;
		}
	}
	/* A program name, as a shell would find it. */
	const char *env = getenv("PATH");
	char pathvar[4096];
	snprintf(pathvar, sizeof(pathvar), "%s", env ? env : "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin");
	for (char *save, *d = strtok_r(pathvar, ":", &save); d; d = strtok_r(NULL, ":", &save)) {
		snprintf(path, len, "%s/%s", d, lib);
		if (is_file(path))
			return 0;
	}
	return -ENOENT;
}

/* Virtual address to file offset, through the PT_LOAD that holds it. */
int elf_vaddr_offset(Elf *elf, uint64_t addr, bool exec, uint64_t *off)
{
	size_t n;
	if (elf_getphdrnum(elf, &n))
		return -EINVAL;
	for (size_t i = 0; i < n; i++) {
		GElf_Phdr ph;
		if (!gelf_getphdr(elf, (int)i, &ph) || ph.p_type != PT_LOAD || (exec && !(ph.p_flags & PF_X)))
			continue;
		if (addr >= ph.p_vaddr && addr < ph.p_vaddr + (exec ? ph.p_memsz : ph.p_filesz)) {
			*off = addr - ph.p_vaddr + ph.p_offset;
			return 0;
		}
	}
	return -ENOENT;
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
		struct attach_point *a = points_add(pts);
		if (!a)
			return;
		a->kind = PAT_UPROBE;
		snprintf(a->name, sizeof(a->name), "%s", name);
		snprintf(a->target, sizeof(a->target), "%s", name);
		snprintf(a->path, sizeof(a->path), "%s", path);
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
		struct attach_point *a = points_add(pts);
		if (!a)
			return;
		a->kind = PAT_USDT;
		snprintf(a->name, sizeof(a->name), "%s:%s", prov, pname);
		snprintf(a->target, sizeof(a->target), "%s", pname);
		snprintf(a->provider, sizeof(a->provider), "%s", prov);
		snprintf(a->path, sizeof(a->path), "%s", path);
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
	char path[512];
	int ret;
	const char *what = "function";

	err[0] = 0;
	switch (p->kind) {
	case PAT_KPROBE:
		ret = resolve_kernel(p, &pts, err, errlen);
		what = "kernel function";
		break;
	case PAT_TRACEPOINT:
		ret = resolve_tracepoints(p, &pts);
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
			snprintf(err, errlen, "cannot find library or binary '%s'", p->lib);
			return ret;
		}
		ret = resolve_elf(p, path, &pts);
		if (ret == -ENOEXEC) {
			snprintf(err, errlen, "%s is not an ELF file", path);
			return ret;
		}
		what = p->kind == PAT_USDT ? "USDT probe" : "function";
		break;
	default:
		ret = -EINVAL;
	}
	if (ret) {
		free(pts.v);
		snprintf(err, errlen, "cannot list %ss: %s", what, strerror(-ret));
		return ret;
	}
	if (!pts.n) {
		free(pts.v);
		/* (resolve_kernel has said why when names matched but cannot
		 * be probed.) */
		if (p->kind == PAT_TRACEPOINT)
			snprintf(err, errlen, "no tracepoint matches '%s:%s'", p->category, p->name);
		else if (p->kind == PAT_KPROBE && !err[0])
			snprintf(err, errlen, "no kernel function matches '%s'", p->name);
		else if (p->kind != PAT_KPROBE)
			snprintf(err, errlen, "no %s matches '%s%s%s' in %s", what, p->provider,
				 p->provider[0] ? ":" : "", p->name, path);
		return -ENOENT;
	}
	*out = pts.v;
	return pts.n;
}
