#include "core/binary.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <glob.h>
#include <limits.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

/* snprintf into path, false when it does not fit: a cut path names another
 * file. */
#define PATH_FITS(path, len, ...) (snprintf(path, len, __VA_ARGS__) < (int)(len))

/* A library name as a process has it mapped: "c" matches libc.so.6 and
 * libc-2.31.so, through /proc/PID/root so containers resolve. */
static int from_maps(const char *lib, int pid, char *path, size_t len)
{
	char mp[64], *line = NULL;
	size_t linecap = 0, ll = strlen(lib);
	snprintf(mp, sizeof(mp), "/proc/%d/maps", pid);
	FILE *f = fopen(mp, "r");
	if (!f)
		return -ENOENT;
	int err = -ENOENT;
	while (getline(&line, &linecap, f) > 0) {
		char *file = strchr(line, '/');
		if (!file)
			continue;
		file[strcspn(file, "\n")] = 0;
		const char *base = strrchr(file, '/') + 1;
		/* A version after a '-' (libc-2.31.so), not another
		 * library's name (libgnutls-dane.so.0 for "gnutls"). */
		const char *after = base + 3 + ll;
		bool named = !strncmp(base, "lib", 3) && !strncmp(base + 3, lib, ll) &&
			     ((after[0] == '.' && !strncmp(after + 1, "so", 2)) ||
			      (after[0] == '-' && isdigit((unsigned char)after[1])));
		if (!strcmp(base, lib) || named) {
			err = PATH_FITS(path, len, "/proc/%d/root%s", pid, file) ? 0 : -ENAMETOOLONG;
			break;
		}
	}
	free(line);
	fclose(f);
	return err;
}

int resolve_binary(const char *lib, int pid, char *path, size_t len)
{
	static const char *const dirs[] = { "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib64",
					    "/usr/lib64", "/lib", "/usr/lib", "/usr/local/lib", NULL };
	if (strchr(lib, '/')) {
		if (!PATH_FITS(path, len, "%s", lib))
			return -ENAMETOOLONG;
		return is_file(lib) ? 0 : -ENOENT;
	}
	if (pid > 0) {
		int err = from_maps(lib, pid, path, len);
		if (err != -ENOENT)
			return err;
	}
	for (int i = 0; dirs[i]; i++) {
		const char *forms[] = { "%s/lib%s.so", "%s/lib%s.so.6", "%s/lib%s.so.1", "%s/lib%s.so.0", "%s/%s",
					NULL };
		for (int k = 0; forms[k]; k++)
			if (PATH_FITS(path, len, forms[k], dirs[i], lib) && is_file(path) && is_elf(path))
				return 0;
	}
	/* Only a versioned name, the development symlink not installed
	 * (libssl.so.3, libgnutls.so.30): the highest version. */
	for (int i = 0; dirs[i]; i++) {
		char pat[PATH_MAX];
		glob_t g;
		if (!PATH_FITS(pat, sizeof(pat), "%s/lib%s.so.[0-9]*", dirs[i], lib) || glob(pat, 0, NULL, &g))
			continue;
		int found = -1;
		for (size_t k = 0; k < g.gl_pathc; k++)
			if (is_file(g.gl_pathv[k]) && is_elf(g.gl_pathv[k]) &&
			    (found < 0 || strverscmp(g.gl_pathv[k], g.gl_pathv[found]) > 0))
				found = (int)k;
		int err = found < 0 ? -ENOENT : PATH_FITS(path, len, "%s", g.gl_pathv[found]) ? 0 : -ENAMETOOLONG;
		globfree(&g);
		if (found >= 0)
			return err;
	}
	/* A program name, as a shell would find it. */
	const char *env = getenv("PATH");
	char *pathvar = strdup(env ? env : "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin");
	if (!pathvar)
		return -ENOMEM;
	int err = -ENOENT;
	for (char *save, *d = strtok_r(pathvar, ":", &save); d; d = strtok_r(NULL, ":", &save)) {
		if (PATH_FITS(path, len, "%s/%s", d, lib) && is_file(path)) {
			err = 0;
			break;
		}
	}
	free(pathvar);
	return err;
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
bool binary_mapped(int pid, const char *path)
{
	char maps[64], line[4352];
	snprintf(maps, sizeof(maps), "/proc/%d/maps", pid);
	FILE *f = fopen(maps, "r");
	bool found = false;
	const char *tail = strrchr(path, '/');
	while (f && !found && fgets(line, sizeof(line), f))
		found = tail && strstr(line, tail);
	if (f)
		fclose(f);
	return found;
}
