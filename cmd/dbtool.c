#include "cmd/dbtool.h"

#include "core/binary.h"
#include "core/clock.h"
#include "core/usdt.h"
#include "probes/dbquery.skel.h"
#include "symbolize/demangle.h"

#include <bpf/bpf.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <glob.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct dbtool dbtool;

static const char *binary = dbtool.binary;
static bool use_pg, use_mysql, use_uprobes;
/* dispatch_command's mangled name, as the binary spells it. */
static char dispatch_sym[512];
static const char *const providers[] = { [DB_MYSQL] = "mysql", [DB_POSTGRES] = "postgresql" };

#define USDT_PAIR(provider, flag)                                                                         \
	{ "query start", { { PM_USDT, "query_start_usdt", provider ":query__start" } }, .binary = &binary, \
	  .when = (flag) },                                                                                 \
	{ "query done", { { PM_USDT, "query_done_usdt", provider ":query__done" } }, .binary = &binary,     \
	  .when = (flag) }

/* Attached to the binary for every process running it: -p's filter is the
 * BPF side's, since a PostgreSQL postmaster runs no query itself and its
 * backends, forked per connection, are other processes. */
const struct probe_spec dbtool_probes[DBTOOL_NPROBES] = {
	USDT_PAIR("postgresql", &use_pg),
	USDT_PAIR("mysql", &use_mysql),
	{ "dispatch_command", { { PM_UPROBE, "dispatch_uprobe", dispatch_sym } }, .binary = &binary, .when = &use_uprobes },
	{ "dispatch_command return", { { PM_URETPROBE, "dispatch_uretprobe", dispatch_sym } }, .binary = &binary,
	  .when = &use_uprobes },
};

static int add_pid(const char *arg)
{
	if (dbtool.npids == DBQUERY_MAX_PIDS) {
		log_err("too many PIDs (at most %d)", DBQUERY_MAX_PIDS);
		return -EINVAL;
	}
	int n = args_pid_list(arg, "PID", dbtool.pids + dbtool.npids, DBQUERY_MAX_PIDS - dbtool.npids);
	if (n < 0)
		return n;
	dbtool.npids += n;
	return 0;
}

error_t dbtool_parse(int key, char *arg, struct argp_state *state)
{
	(void)state;
	switch (key) {
	case 'p': return -add_pid(arg);
	case ARGP_KEY_ARG:
		if (!dbtool.engine && (!strcmp(arg, "mysql") || !strcmp(arg, "postgres"))) {
			dbtool.engine = arg[0] == 'm' ? DB_MYSQL : DB_POSTGRES;
			return 0;
		}
		/* BCC's -p takes the PIDs that follow it: -p 188 322. */
		if (dbtool.npids && isdigit((unsigned char)arg[0]))
			return -add_pid(arg);
		if (dbtool.engine)
			log_err("unexpected argument '%.64s'", arg);
		else
			log_err("unknown database engine '%.64s': expected mysql or postgres", arg);
		return EINVAL;
	case ARGP_KEY_END:
		if (!dbtool.engine) {
			log_err("the database engine to use is needed: mysql or postgres");
			return EINVAL;
		}
		return 0;
	}
	return ARGP_ERR_UNKNOWN;
}

int dbtool_open(struct tracer *t)
{
	struct dbquery_bpf *s = TRACER_OPEN(dbquery);
	if (!s)
		return -1;
	t->skeleton = s->skeleton, t->obj = s->obj, t->skel = s;
	return 0;
}

static int exe_of(pid_t pid, char *buf, size_t len)
{
	char link[64];
	snprintf(link, sizeof(link), "/proc/%d/exe", pid);
	ssize_t n = readlink(link, buf, len - 1);
	if (n < 0)
		return -errno;
	buf[n] = 0;
	return 0;
}

/* The processes running the binary now (BCC's pidof), for the status line:
 * those started later are traced too. */
static pid_t running[DBQUERY_MAX_PIDS];
static int nrunning;

/* Every process running a program named one of names (or, with path
 * set, that file): the first one's file into path. */
static void find_running(const char *const *names, char *path, size_t len)
{
	DIR *d = opendir("/proc");
	struct dirent *de;
	nrunning = 0;
	while (d && (de = readdir(d)) && nrunning < DBQUERY_MAX_PIDS) {
		char exe[PATH_MAX];
		pid_t pid = atoi(de->d_name);
		if (pid <= 0 || exe_of(pid, exe, sizeof(exe)))
			continue;
		const char *base = strrchr(exe, '/') ? strrchr(exe, '/') + 1 : exe;
		bool match = path[0] ? !strcmp(exe, path) : false;
		for (int i = 0; !path[0] && names[i]; i++)
			match = match || !strcmp(base, names[i]);
		if (!match)
			continue;
		if (!path[0])
			snprintf(path, len, "%s", exe);
		running[nrunning++] = pid;
	}
	if (d)
		closedir(d);
}

/* Debian's servers where none runs: the newest PostgreSQL, MariaDB. */
static int default_binary(char *path, size_t len)
{
	if (dbtool.engine == DB_POSTGRES) {
		glob_t g;
		int found = glob("/usr/lib/postgresql/*/bin/postgres", 0, NULL, &g) == 0 && g.gl_pathc;
		if (found)
			snprintf(path, len, "%s", g.gl_pathv[g.gl_pathc - 1]);
		globfree(&g);
		return found ? 0 : resolve_binary("postgres", 0, path, len);
	}
	static const char *const mysqls[] = { "/usr/sbin/mariadbd", "/usr/sbin/mysqld", "mariadbd", "mysqld" };
	for (size_t i = 0; i < sizeof(mysqls) / sizeof(mysqls[0]); i++)
		if (resolve_binary(mysqls[i], 0, path, len) >= 0)
			return 0;
	return -ENOENT;
}

/* The server binary: -x's, the -p processes' (one program for all),
 * a running server's, or the installed one. */
static int find_binary(void)
{
	char *path = dbtool.binary;
	size_t len = sizeof(dbtool.binary);
	if (dbtool.exe) {
		if (access(dbtool.exe, R_OK)) {
			log_err("cannot read %s (-x): %s", dbtool.exe, strerror(errno));
			return -errno;
		}
		snprintf(path, len, "%s", dbtool.exe);
		return 0;
	}
	for (int i = 0; i < dbtool.npids; i++) {
		char exe[PATH_MAX];
		int err = exe_of(dbtool.pids[i], exe, sizeof(exe));
		if (err) {
			log_err("cannot read /proc/%d/exe: %s", dbtool.pids[i], strerror(-err));
			return err;
		}
		if (i && strcmp(exe, path)) {
			log_err("PIDs %d and %d run different programs (%s, %s): trace one server at a time",
				dbtool.pids[0], dbtool.pids[i], path, exe);
			return -EINVAL;
		}
		snprintf(path, len, "%s", exe);
	}
	if (dbtool.npids)
		return 0;
	static const char *const pg[] = { "postgres", NULL }, *const my[] = { "mysqld", "mariadbd", NULL };
	path[0] = 0;
	find_running(dbtool.engine == DB_POSTGRES ? pg : my, path, len);
	if (path[0])
		return 0;
	if (default_binary(path, len) == 0)
		return 0;
	log_err("cannot find a %s server (none running, none installed): give -p PID",
		dbtool.engine == DB_POSTGRES ? "PostgreSQL" : "MySQL or MariaDB");
	return -ENOENT;
}

/* BCC's search: the function whose name is dispatch_command, mangled. */
static int find_dispatch(const char *path)
{
	elf_version(EV_CURRENT);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	Elf *e = fd < 0 ? NULL : elf_begin(fd, ELF_C_READ_MMAP, NULL);
	struct demangler *dm = demangler_new();
	Elf_Scn *scn = NULL;
	dispatch_sym[0] = 0;
	while (e && dm && !dispatch_sym[0] && (scn = elf_nextscn(e, scn))) {
		GElf_Shdr sh;
		if (!gelf_getshdr(scn, &sh) || (sh.sh_type != SHT_SYMTAB && sh.sh_type != SHT_DYNSYM) || !sh.sh_entsize)
			continue;
		Elf_Data *d = elf_getdata(scn, NULL);
		for (size_t i = 0; d && i < d->d_size / sh.sh_entsize && !dispatch_sym[0]; i++) {
			GElf_Sym s;
			const char *name;
			if (!gelf_getsym(d, i, &s) || s.st_shndx == SHN_UNDEF || GELF_ST_TYPE(s.st_info) != STT_FUNC ||
			    !(name = elf_strptr(e, sh.sh_link, s.st_name)) || strlen(name) >= sizeof(dispatch_sym))
				continue;
			if (!strncmp(demangle(dm, name), "dispatch_command(", 17))
				snprintf(dispatch_sym, sizeof(dispatch_sym), "%s", name);
			demangler_release(dm);
		}
	}
	demangler_free(dm);
	if (e)
		elf_end(e);
	if (fd >= 0)
		close(fd);
	if (!dispatch_sym[0]) {
		log_err("cannot find function dispatch_command in %s", path);
		return -ENOENT;
	}
	return 0;
}

/* Whether the binary has the engine's query probes. */
static int has_usdt(const char *path)
{
	struct usdt_site *sites = NULL;
	char err[256] = "";
	int n = usdt_sites(path, providers[dbtool.engine], "query__start", 0, &sites, err, sizeof(err));
	free(sites);
	if (n < 0 && n != -ENOENT) {
		log_err("cannot read %s: %s", path, err[0] ? err : strerror(-n));
		return n;
	}
	return n > 0;
}

int dbtool_configure(const struct tool *tool, struct tracer *t)
{
	(void)tool;
	struct dbquery_bpf *s = t->skel;
	if (dbtool.exe && dbtool.engine == DB_POSTGRES) {
		log_err("PostgreSQL is traced by its USDT probes only: -x is for mysql");
		return -EINVAL;
	}
	int err = find_binary();
	if (err)
		return err;
	int usdt = dbtool.exe ? 0 : has_usdt(dbtool.binary);
	if (usdt < 0)
		return usdt;
	if (!usdt && !dbtool.exe && !(dbtool.uprobe_fallback && dbtool.engine == DB_MYSQL)) {
		if (dbtool.engine == DB_MYSQL)
			log_err("%s has no USDT probes (built without -DENABLE_DTRACE=1); use -x for the uprobe mode",
				dbtool.binary);
		else
			log_err("%s has no PostgreSQL USDT probes (is it a server built with --enable-dtrace?)", dbtool.binary);
		return -ENOTSUP;
	}
	dbtool.uprobes = !usdt;
	if (dbtool.uprobes && (err = find_dispatch(dbtool.binary)))
		return err;
	use_uprobes = dbtool.uprobes;
	use_pg = !dbtool.uprobes && dbtool.engine == DB_POSTGRES;
	use_mysql = !dbtool.uprobes && dbtool.engine == DB_MYSQL;
	s->rodata->mode = !dbtool.uprobes ? DBQ_USDT : strstr(dispatch_sym, "COM_DATA") ? DBQ_MYSQL57 : DBQ_MYSQL56;
	s->rodata->filter_pids = dbtool.npids > 0;
	return 0;
}

static __u64 start_ns;

int dbtool_started(struct tracer *t)
{
	struct dbquery_bpf *s = t->skel;
	__u8 one = 1;
	for (int i = 0; i < dbtool.npids; i++)
		if (bpf_map_update_elem(bpf_map__fd(s->maps.targets), &dbtool.pids[i], &one, BPF_ANY)) {
			log_err("cannot set the PID filter: %s", strerror(errno));
			return -errno;
		}
	if (dbtool.verbose) {
		FILE *out = record_header_out();
		fprintf(out, "; %s in %s\n", dbtool.uprobes ? "uprobes on dispatch_command" : "USDT probes", dbtool.binary);
		tracer_dump_programs(t, out);
		fflush(out);
	}
	start_ns = clock_mono_ns();
	return 0;
}

double dbtool_since_start(__u64 ts)
{
	return ((double)ts - (double)start_ns) / 1e9;
}

void dbtool_status(void)
{
	if (dbtool.uprobes) {
		record_status("Tracing database queries for application %s slower than %lu ms...", dbtool.binary,
			      dbtool.threshold_ms);
		return;
	}
	const pid_t *pids = dbtool.npids ? dbtool.pids : running;
	int n = dbtool.npids ? dbtool.npids : nrunning;
	char list[DBQUERY_MAX_PIDS * 12] = "";
	for (int i = 0, off = 0; i < n; i++)
		off += snprintf(list + off, sizeof(list) - off, "%s%d", i ? ", " : "", pids[i]);
	if (n)
		record_status("Tracing database queries for pids %s slower than %lu ms...", list, dbtool.threshold_ms);
	else
		record_status("Tracing database queries for every process of %s slower than %lu ms...", dbtool.binary,
			      dbtool.threshold_ms);
}
