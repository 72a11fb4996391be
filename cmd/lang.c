/* The language tools' runtimes: see cmd/lang.h. */
#include "cmd/lang.h"

#include "core/args.h"
#include "core/usdt.h"

#include <gelf.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* BCC's detection order (java first: a JVM maps libraries named after
 * other languages' words, never the reverse). */
const struct lang langs[LANG_COUNT] = {
	[LANG_JAVA] = { "java", "hotspot", "libjvm", { "java" }, "an OpenJDK configured with --enable-dtrace" },
	[LANG_NODE] = { "node", "node", "libnode", { "node" }, "a Node.js configured with --with-dtrace" },
	[LANG_PERL] = { "perl", "perl", "libperl", { "perl" }, "a perl configured with -Dusedtrace" },
	[LANG_PHP] = { "php", "php", "libphp", { "php" }, "a PHP configured with --enable-dtrace" },
	[LANG_PYTHON] = { "python", "python", "libpython", { "python" }, "a CPython configured with --with-dtrace" },
	[LANG_RUBY] = { "ruby", "ruby", "libruby", { "ruby", "irb" }, "a Ruby configured with --enable-dtrace" },
	[LANG_TCL] = { "tcl", "tcl", "libtcl", { "tclsh", "wish" }, "a Tcl configured with --enable-dtrace" },
	[LANG_C] = { "c", "libc", "libc", { NULL }, "a glibc with SystemTap probes" },
};

pid_t lang_pid;
const char *lang_binary;
static char binary[PATH_MAX];

int lang_parse(const char *name, unsigned mask)
{
	for (int i = 0; i < LANG_COUNT; i++)
		if (mask & LANG_BIT(i) && !strcmp(name, langs[i].name))
			return i;
	char known[128] = "";
	for (int i = 0, off = 0; i < LANG_COUNT; i++)
		if (mask & LANG_BIT(i))
			off += snprintf(known + off, sizeof(known) - off, "%s%s", off ? ", " : "", langs[i].name);
	log_err("unknown language '%.32s' (this tool knows %s)", name, known);
	return -EINVAL;
}

/* The program's path as the process sees it, below /proc/PID/root so a
 * container's resolves. */
static int exe_path(pid_t pid, char *path, size_t len)
{
	char link[64], target[PATH_MAX];
	snprintf(link, sizeof(link), "/proc/%d/exe", pid);
	ssize_t n = readlink(link, target, sizeof(target) - 1);
	if (n < 0)
		return -errno;
	target[n] = 0;
	return snprintf(path, len, "/proc/%d/root%s", pid, target) < (int)len ? 0 : -ENAMETOOLONG;
}

/* A file the process maps whose name starts with prefix ("libjvm"). */
static int mapped_lib(pid_t pid, const char *prefix, char *path, size_t len)
{
	char maps[64], *line = NULL;
	size_t cap = 0, pl = strlen(prefix);
	snprintf(maps, sizeof(maps), "/proc/%d/maps", pid);
	FILE *f = fopen(maps, "r");
	if (!f)
		return -errno;
	int err = -ENOENT;
	while (err == -ENOENT && getline(&line, &cap, f) > 0) {
		char *file = strchr(line, '/');
		if (!file)
			continue;
		file[strcspn(file, "\n")] = 0;
		const char *base = strrchr(file, '/') + 1;
		/* libc.so.6 or libc-2.31.so, not libcrypto. */
		char next = base[pl];
		if (!strncmp(base, prefix, pl) && (strcmp(prefix, "libc") || next == '.' || next == '-'))
			err = snprintf(path, len, "/proc/%d/root%s", pid, file) < (int)len ? 0 : -ENAMETOOLONG;
	}
	free(line);
	fclose(f);
	return err;
}

bool lang_is(pid_t pid, enum lang_id id)
{
	char path[PATH_MAX];
	if (mapped_lib(pid, langs[id].lib, path, sizeof(path)) == 0)
		return true;
	if (id == LANG_C || exe_path(pid, path, sizeof(path)))
		return false;
	const char *base = strrchr(path, '/') + 1;
	return strstr(base, id == LANG_TCL ? "tclsh" : langs[id].name) != NULL;
}

int lang_detect(pid_t pid, unsigned mask)
{
	for (int i = 0; i < LANG_COUNT; i++)
		if (mask & LANG_BIT(i) && lang_is(pid, i))
			return i;
	return -ENOENT;
}

int lang_find_binary(pid_t pid, enum lang_id id, char *path, size_t len)
{
	int err = mapped_lib(pid, langs[id].lib, path, len);
	if (err == -ENOENT && id != LANG_C)
		err = exe_path(pid, path, len);
	return err;
}

int lang_target(pid_t pid, enum lang_id id)
{
	char comm[64] = "?", file[64];
	snprintf(file, sizeof(file), "/proc/%d/comm", pid);
	FILE *f = fopen(file, "r");
	if (f) {
		if (fgets(comm, sizeof(comm), f))
			comm[strcspn(comm, "\n")] = 0;
		fclose(f);
	}
	if (!lang_is(pid, id)) {
		if (id == LANG_C)
			log_err("process %d (%s) is not a c process (no shared libc in it)", pid, comm);
		else
			log_err("process %d (%s) is not a %s process (no %s program or %s library in it)", pid, comm,
				langs[id].name, langs[id].name, langs[id].lib);
		return -EINVAL;
	}
	int err = lang_find_binary(pid, id, binary, sizeof(binary));
	if (err) {
		log_err("cannot find the %s runtime of process %d: %s", langs[id].name, pid, strerror(-err));
		return err;
	}
	lang_pid = pid;
	lang_binary = binary;
	return 0;
}

int lang_choose(const char *name, unsigned mask, pid_t pid)
{
	int lang = name ? lang_parse(name, mask) : lang_detect(pid, mask);
	if (lang == -ENOENT)
		return log_err("No language detected; use -l to trace a language."), -ENOENT;
	int err = lang < 0 ? lang : lang_target(pid, lang);
	return err ? err : lang;
}

bool lang_java_probes_on(pid_t pid, const char *flag)
{
	char path[64], buf[8192], plus[64];
	bool on = false;
	const char *files[] = { "cmdline", "environ" };
	snprintf(plus, sizeof(plus), "+%s", flag);
	for (int i = 0; i < 2 && !on; i++) {
		snprintf(path, sizeof(path), "/proc/%d/%s", pid, files[i]);
		FILE *f = fopen(path, "r");
		size_t n = f ? fread(buf, 1, sizeof(buf) - 1, f) : 0;
		if (f)
			fclose(f);
		for (size_t k = 0; k < n; k++)
			buf[k] = buf[k] ? buf[k] : ' ';
		buf[n] = 0;
		on = strstr(buf, "+ExtendedDTraceProbes") || strstr(buf, plus);
	}
	return on;
}

/* The file's name without the /proc/PID/root the tools look through. */
const char *lang_shown(const char *file)
{
	if (!strncmp(file, "/proc/", 6)) {
		const char *r = strstr(file, "/root/");
		if (r)
			return r + 5;
	}
	return file;
}

/* Whether file has any probe of provider: a runtime built without them
 * has none at all, an older one lacks only some. */
static bool has_provider(const char *file, const char *provider)
{
	elf_version(EV_CURRENT);
	FILE *f = fopen(file, "rb");
	Elf *elf = f ? elf_begin(fileno(f), ELF_C_READ, NULL) : NULL;
	bool found = false;
	for (Elf_Scn *scn = NULL; elf && !found && (scn = elf_nextscn(elf, scn));) {
		GElf_Shdr sh;
		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_NOTE)
			continue;
		Elf_Data *data = elf_getdata(scn, NULL);
		size_t off = 0;
		struct usdt_note note;
		while (data && !found && usdt_note_next(data, &off, &note))
			found = !strcmp(note.provider, provider);
	}
	if (elf)
		elf_end(elf);
	if (f)
		fclose(f);
	return found;
}

int lang_check_specs(enum lang_id id, const char *file, const struct probe_spec *specs, int n)
{
	for (int i = 0; i < n; i++) {
		const struct probe_spec *s = &specs[i];
		if ((s->when && !*s->when) || s->alt[0].mech != PM_USDT)
			continue;
		const char *target = s->alt[0].target, *colon = strchr(target, ':');
		char provider[64], err[256];
		snprintf(provider, sizeof(provider), "%.*s", (int)(colon - target), target);
		if (!has_provider(file, provider)) {
			log_err("%s has no USDT probes: it was built without them (%s has them)", lang_shown(file),
				langs[id].build);
			return -ENOENT;
		}
		struct usdt_site *sites = NULL;
		int k = usdt_sites(file, provider, colon + 1, 0, &sites, err, sizeof(err));
		free(sites);
		if (k == 0) {
			log_err("%s has no USDT probe %s (a runtime too old for it?)", lang_shown(file), target);
			return -ENOENT;
		}
		if (k < 0) {
			log_err("%s", err);
			return k;
		}
	}
	return 0;
}

void lang_print_sites(const char *file, const struct probe_spec *specs, int n)
{
	for (int i = 0; i < n; i++) {
		const struct probe_spec *s = &specs[i];
		if ((s->when && !*s->when) || s->alt[0].mech != PM_USDT)
			continue;
		const char *target = s->alt[0].target, *colon = strchr(target, ':');
		char provider[64], err[256];
		snprintf(provider, sizeof(provider), "%.*s", (int)(colon - target), target);
		struct usdt_site *sites = NULL;
		int k = usdt_sites(file, provider, colon + 1, 0, &sites, err, sizeof(err));
		for (int j = 0; j < k; j++) {
			printf("USDT %s in %s at 0x%llx", target, lang_shown(file), (unsigned long long)sites[j].offset);
			if (sites[j].sema_offset)
				printf(", semaphore at 0x%llx", (unsigned long long)sites[j].sema_offset);
			printf(", %d argument%s -> %s\n", sites[j].nargs, sites[j].nargs == 1 ? "" : "s", s->alt[0].prog);
		}
		free(sites);
	}
}

error_t lang_args(int key, char *arg, struct argp_state *state, pid_t *pid, unsigned long *interval_s,
		  const char *usage)
{
	if (key == ARGP_KEY_ARG && state->arg_num == 0)
		return -args_pid(arg, "pid", pid);
	if (key == ARGP_KEY_ARG && state->arg_num == 1 && interval_s)
		return -args_ulong(arg, "interval", 1, 1000000, interval_s);
	if (key != ARGP_KEY_END)
		return ARGP_ERR_UNKNOWN;
	if (interval_s)
		tool_args.interval_ms = *interval_s * 1000;
	return args_refuse(!*pid, "a process ID to trace is needed (%s)", usage);
}
