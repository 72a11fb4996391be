/* ustat: a top of the processes of high-level languages, as BCC's ustat:
 * their method calls, collections, allocations, class loads, exceptions
 * and threads per second, by the runtimes' USDT probes (cmd/lang.h).  No
 * probe specs: the files with the probes are those the running processes
 * have, found when tracing starts and again every interval, and each is
 * attached once for every process of it (pid -1), as BCC does. */
#include "cmd/lang.h"
#include "cmd/toptool.h"
#include "core/histmap.h"
#include "core/usdt.h"
#include "probes/ustat.skel.h"

#include <bpf/libbpf.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "probes/ustat.h"

#define USTAT_LANGS                                                                                      \
	(LANG_BIT(LANG_JAVA) | LANG_BIT(LANG_NODE) | LANG_BIT(LANG_PERL) | LANG_BIT(LANG_PHP) |          \
	 LANG_BIT(LANG_PYTHON) | LANG_BIT(LANG_RUBY) | LANG_BIT(LANG_TCL))

/* BCC's probes per language, and the column each counts in; -1: a probe
 * attached only for its semaphore (CPython 3.11 fires function__entry only
 * while line's is set). */
static const struct {
	enum lang_id lang;
	const char *probe;
	int cat;
} points[] = {
	{ LANG_JAVA, "gc__begin", USTAT_GC },
	{ LANG_JAVA, "mem__pool__gc__begin", USTAT_GC },
	{ LANG_JAVA, "thread__start", USTAT_THREAD },
	{ LANG_JAVA, "class__loaded", USTAT_CLOAD },
	{ LANG_JAVA, "object__alloc", USTAT_OBJNEW },
	{ LANG_JAVA, "method__entry", USTAT_METHOD },
	{ LANG_JAVA, "ExceptionOccurred__entry", USTAT_EXCP },
	{ LANG_NODE, "gc__start", USTAT_GC },
	{ LANG_PERL, "sub__entry", USTAT_METHOD },
	{ LANG_PHP, "function__entry", USTAT_METHOD },
	{ LANG_PHP, "compile__file__entry", USTAT_CLOAD },
	{ LANG_PHP, "exception__thrown", USTAT_EXCP },
	{ LANG_PYTHON, "function__entry", USTAT_METHOD },
	{ LANG_PYTHON, "gc__start", USTAT_GC },
	{ LANG_PYTHON, "line", -1 },
	{ LANG_RUBY, "method__entry", USTAT_METHOD },
	{ LANG_RUBY, "cmethod__entry", USTAT_METHOD },
	{ LANG_RUBY, "gc__mark__begin", USTAT_GC },
	{ LANG_RUBY, "gc__sweep__begin", USTAT_GC },
	{ LANG_RUBY, "object__create", USTAT_OBJNEW },
	{ LANG_RUBY, "hash__create", USTAT_OBJNEW },
	{ LANG_RUBY, "string__create", USTAT_OBJNEW },
	{ LANG_RUBY, "array__create", USTAT_OBJNEW },
	{ LANG_RUBY, "require__entry", USTAT_CLOAD },
	{ LANG_RUBY, "load__entry", USTAT_CLOAD },
	{ LANG_RUBY, "raise", USTAT_EXCP },
	{ LANG_TCL, "proc__entry", USTAT_METHOD },
	{ LANG_TCL, "obj__create", USTAT_OBJNEW },
};
#define NPOINTS (sizeof(points) / sizeof(points[0]))

static const char *const progs[USTAT_NCATS] = { "method_usdt", "gc_usdt",     "objnew_usdt",
						"cload_usdt",  "excp_usdt",   "thread_usdt" };
/* -S's words, by column. */
static const char *const sorts[USTAT_NCATS] = { "method", "gc", "objnew", "cload", "excp", "thread" };

static const char *language, *sort;
static bool debug;
static unsigned mask = USTAT_LANGS;
static int sort_by = -1; /* -1: by PID */

static const struct tool_option options[] = {
	OPT_STRING('l', "language", "LANG", &language,
		   "language to trace: java, node, perl, php, python, ruby, tcl (default: all languages)"),
	OPT_FLAG('C', "noclear", &toptool.noclear, "don't clear the screen"),
	OPT_STRING('S', "sort", "SORT", &sort,
		   "sort by this field (descending order): cload, excp, gc, method, objnew, thread"),
	OPT_ULONG('r', "maxrows", "MAXROWS", &toptool.maxrows, 1, 1000000, "maximum rows to print, default 20"),
	OPT_FLAG('d', "debug", &debug, "print the probes attached to and the processes found (for debugging purposes)"),
	{ { 0 } },
};

/* A process of one of the languages, found by its name, as BCC finds
 * them (but python3.11 is a python: the name's start counts). */
struct target {
	pid_t pid;
	int lang;
	char cmdline[64];
};
static struct target *targets;
static int ntargets;

/* The files attached to so far, by identity (each process sees its own
 * through /proc/PID/root), and the links to free at the end. */
struct file_id {
	dev_t dev;
	ino_t ino;
};
static struct file_id *files;
static int nfiles;
static struct bpf_link **links;
static int nlinks;

static error_t parse(int key, char *arg, struct argp_state *state)
{
	(void)arg, (void)state;
	if (key != ARGP_KEY_END)
		return ARGP_ERR_UNKNOWN;
	if (language) {
		int lang = lang_parse(language, USTAT_LANGS);
		if (lang < 0)
			return EINVAL;
		mask = LANG_BIT(lang);
	}
	for (int i = 0; sort && i < USTAT_NCATS; i++)
		if (!strcmp(sort, sorts[i]))
			sort_by = i;
	return args_refuse(sort && sort_by < 0,
			   "unknown sort field '%.32s' (cload, excp, gc, method, objnew or thread)", sort);
}

static int lang_of_comm(const char *comm)
{
	for (int i = 0; i < LANG_COUNT; i++)
		for (int j = 0; mask & LANG_BIT(i) && j < 3 && langs[i].comms[j]; j++)
			if (!strncmp(comm, langs[i].comms[j], strlen(langs[i].comms[j])))
				return i;
	return -1;
}

static void read_cmdline(pid_t pid, char *buf, size_t len)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/cmdline", pid);
	FILE *f = fopen(path, "r");
	size_t n = f ? fread(buf, 1, len - 1, f) : 0;
	if (f)
		fclose(f);
	for (size_t i = 0; i < n; i++)
		buf[i] = buf[i] ? buf[i] : ' ';
	buf[n] = 0;
	/* The argument list's last NUL is no word break. */
	while (n && buf[n - 1] == ' ')
		buf[--n] = 0;
}

/* The processes of the languages now. */
static int scan(void)
{
	DIR *d = opendir("/proc");
	if (!d)
		return log_err("cannot list /proc: %s", strerror(errno)), -errno;
	ntargets = 0;
	int cap = 0;
	for (struct dirent *e; (e = readdir(d));) {
		char path[300], comm[32] = "";
		pid_t pid = (pid_t)atoi(e->d_name);
		if (pid <= 0)
			continue;
		snprintf(path, sizeof(path), "/proc/%d/comm", pid);
		FILE *f = fopen(path, "r");
		if (!f)
			continue; /* gone */
		if (fgets(comm, sizeof(comm), f))
			comm[strcspn(comm, "\n")] = 0;
		fclose(f);
		int lang = lang_of_comm(comm);
		if (lang < 0)
			continue;
		if (ntargets == cap) {
			cap = cap ? 2 * cap : 64;
			struct target *more = realloc(targets, cap * sizeof(*targets));
			if (!more) {
				closedir(d);
				return log_err("out of memory"), -ENOMEM;
			}
			targets = more;
		}
		struct target *t = &targets[ntargets++];
		t->pid = pid;
		t->lang = lang;
		read_cmdline(pid, t->cmdline, sizeof(t->cmdline));
	}
	closedir(d);
	return 0;
}

static bool file_known(const struct stat *st)
{
	for (int i = 0; i < nfiles; i++)
		if (files[i].dev == st->st_dev && files[i].ino == st->st_ino)
			return true;
	return false;
}

/* Every probe of lang in file, for all processes: how many were there, or
 * -errno after one line. */
static int attach_file(struct tracer *tr, int lang, const char *file)
{
	int found = 0;
	for (size_t i = 0; i < NPOINTS; i++) {
		if (points[i].lang != (enum lang_id)lang)
			continue;
		struct usdt_site *sites = NULL;
		char err[256];
		int n = usdt_sites(file, langs[lang].provider, points[i].probe, 0, &sites, err, sizeof(err));
		free(sites);
		if (n <= 0)
			continue; /* an older runtime, or one without probes */
		const char *name = points[i].cat < 0 ? "python_line_usdt" : progs[points[i].cat];
		struct bpf_program *prog = bpf_object__find_program_by_name(tr->obj, name);
		struct bpf_link **more = realloc(links, (nlinks + 1) * sizeof(*links));
		if (!prog || !more)
			return log_err("internal error: no program %s, or out of memory", name), -ENOMEM;
		links = more;
		links[nlinks] = bpf_program__attach_usdt(prog, -1, file, langs[lang].provider, points[i].probe, NULL);
		if (!links[nlinks]) {
			int e = -errno;
			return log_err("cannot attach to USDT %s:%s in %s: %s", langs[lang].provider, points[i].probe,
				       file, strerror(-e)),
			       e;
		}
		nlinks++;
		found++;
		if (debug)
			printf("USDT %s:%s in %s -> %s\n", langs[lang].provider, points[i].probe, lang_shown(file), name);
	}
	return found;
}

/* The runtimes of the processes found, each file attached once: 0, or
 * -errno after one line.  *without: the processes whose runtime has no
 * probes. */
static int attach_new(struct tracer *tr, int *without)
{
	*without = 0;
	for (int i = 0; i < ntargets; i++) {
		char file[PATH_MAX];
		struct stat st;
		if (lang_find_binary(targets[i].pid, targets[i].lang, file, sizeof(file)) || stat(file, &st))
			continue; /* gone */
		if (file_known(&st))
			continue;
		int n = attach_file(tr, targets[i].lang, file);
		if (n < 0)
			return n;
		if (n == 0) {
			(*without)++;
			continue; /* looked at again each interval: it is cheap */
		}
		struct file_id *more = realloc(files, (nfiles + 1) * sizeof(*files));
		if (!more)
			return log_err("out of memory"), -ENOMEM;
		files = more;
		files[nfiles++] = (struct file_id){ st.st_dev, st.st_ino };
	}
	return 0;
}

static void print_found(void)
{
	for (int l = 0; l < LANG_COUNT; l++) {
		if (!(mask & LANG_BIT(l)) || l == LANG_C)
			continue;
		printf("Attached to %s processes:", langs[l].name);
		for (int i = 0, first = 1; i < ntargets; i++)
			if (targets[i].lang == l)
				printf("%s %d", first ? "" : ",", targets[i].pid), first = 0;
		printf("\n");
	}
}

static int started(struct tracer *tr)
{
	int without, err = scan() ?: attach_new(tr, &without);
	if (err)
		return err;
	/* -l naming a runtime whose every process was built without probes
	 * would only ever print zeros. */
	if (language && ntargets && without == ntargets) {
		char file[PATH_MAX];
		int lang = targets[0].lang;
		if (!lang_find_binary(targets[0].pid, lang, file, sizeof(file)))
			return log_err("%s (process %d) has no USDT probes: it was built without them (%s has them)", lang_shown(file),
				       targets[0].pid, langs[lang].build),
			       -ENOENT;
	}
	if (debug)
		print_found();
	return 0;
}

struct count_row {
	struct ustat_key k;
	__u64 v;
};
struct row {
	pid_t pid;
	const char *cmdline;
	__u64 n[USTAT_NCATS];
};

static int by_field(const void *a, const void *b)
{
	const struct row *x = a, *y = b;
	if (sort_by >= 0 && x->n[sort_by] != y->n[sort_by])
		return x->n[sort_by] > y->n[sort_by] ? -1 : 1;
	return x->pid - y->pid;
}

/* The row of pid, added where the process was not found at the last scan
 * (started since, of a file already attached). */
static struct row *row_of(struct row *rows, int *n, pid_t pid, char (*extra)[64])
{
	for (int i = 0; i < *n; i++)
		if (rows[i].pid == pid)
			return &rows[i];
	struct row *r = &rows[(*n)++];
	memset(r, 0, sizeof(*r));
	r->pid = pid;
	read_cmdline(pid, extra[0], sizeof(extra[0]));
	r->cmdline = extra[0];
	return r;
}

static int summary(struct tracer *tr, bool last)
{
	struct count_row *c = NULL;
	int nc = HISTMAP_TAKE(bpf_object__find_map_fd_by_name(tr->obj, "counts"), &c, k, v);
	if (nc < 0)
		return nc;
	struct row *rows = calloc(ntargets + nc + 1, sizeof(*rows));
	char(*extra)[64] = calloc(nc + 1, sizeof(*extra));
	if (!rows || !extra) {
		free(c), free(rows), free(extra);
		return log_err("out of memory"), -ENOMEM;
	}
	int n = 0;
	for (int i = 0; i < ntargets; i++)
		rows[n++] = (struct row){ .pid = targets[i].pid, .cmdline = targets[i].cmdline };
	for (int i = 0, ne = 0; i < nc; i++) {
		int before = n;
		struct row *r = row_of(rows, &n, (pid_t)c[i].k.pid, &extra[ne]);
		ne += n > before;
		if (c[i].k.cat < USTAT_NCATS)
			r->n[c[i].k.cat] += c[i].v;
	}
	qsort(rows, n, sizeof(*rows), by_field);
	toptool_head("PID    CMDLINE              METHOD/s   GC/s   OBJNEW/s   CLOAD/s  EXC/s  THR/s");
	unsigned long secs = tool_args.interval_ms / 1000 ? tool_args.interval_ms / 1000 : 1;
	for (int i = 0; i < n && (unsigned long)i < toptool.maxrows; i++) {
		rec_i64("pid", "%-6lld ", rows[i].pid);
		rec_strn("cmdline", "%-20s ", rows[i].cmdline, 20);
		static const char *const keys[USTAT_NCATS] = { "method_s", "gc_s", "objnew_s", "cload_s", "exc_s", "thr_s" };
		static const char *const fmts[USTAT_NCATS] = { "%-10llu ", "%-6llu ", "%-10llu ", "%-8llu ", "%-6llu ", "%-6llu" };
		for (int k = 0; k < USTAT_NCATS; k++)
			rec_u64(keys[k], fmts[k], rows[i].n[k] / secs);
		rec_end();
	}
	fflush(stdout);
	free(c), free(rows), free(extra);
	if (last)
		return 0;
	/* The processes of the next interval, and the runtimes new among them. */
	int without, err = scan() ?: attach_new(tr, &without);
	if (!err && debug)
		print_found();
	return err;
}

static int end(struct tracer *tr)
{
	(void)tr;
	for (int i = 0; i < nlinks; i++)
		bpf_link__destroy(links[i]);
	free(links), free(files), free(targets);
	if (nlinks)
		record_status("Detaching...");
	return 0;
}

DECLARE_TOOL(ustat, .category = "languages", .summary = "Activity stats from high-level languages",
	     .shape = TOOL_INTERVAL, .takes = TOOL_JSON | TOOL_INTERVAL_COUNT,
	     .help.json = "One JSON object per row (a bpfkit addition)", .bound = options, .parse = parse,
	     .interval_ms = 1000, .started = started, .header = tool_interval_status, .interval = summary, .end = end,
	     .examples = "  ustat              # stats for all languages, 1 second refresh\n"
			 "  ustat -C           # don't clear the screen\n"
			 "  ustat -l java      # Java processes only\n"
			 "  ustat 5            # 5 second summaries\n"
			 "  ustat 5 10         # 5 second summaries, 10 times only\n"
			 "  javastat -C        # the same as ustat -l java -C");

#define STAT_ALIAS(lang) { #lang "stat", "ustat", { "-l", #lang } }
TOOL_ALIASES(ustat, STAT_ALIAS(java), STAT_ALIAS(node), STAT_ALIAS(perl), STAT_ALIAS(php), STAT_ALIAS(python),
	     STAT_ALIAS(ruby), STAT_ALIAS(tcl));
