#include "symbolize/debuginfo.h"

#include "symbolize/elfsection.h"

#include <fcntl.h>
#include <gelf.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

const char *debuginfo_roots(const char *given)
{
	if (given && *given)
		return given;
	const char *env = getenv("BPFKIT_DEBUGINFO_PATH");
	return env && *env ? env : "/usr/lib/debug";
}

/* The debuglink CRC covers the whole debug file: read it once, mapped. */
static bool crc_matches(int fd, uint32_t want)
{
	struct stat st;
	if (fstat(fd, &st) || st.st_size <= 0)
		return false;
	void *p = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (p == MAP_FAILED)
		return false;
	uLong crc = crc32(0L, Z_NULL, 0);
	const Bytef *b = p;
	for (off_t left = st.st_size; left > 0;) {
		uInt n = left > (1 << 30) ? (1u << 30) : (uInt)left;
		crc = crc32(crc, b, n);
		b += n;
		left -= n;
	}
	munmap(p, st.st_size);
	return (uint32_t)crc == want;
}

/* A candidate is the right file when its build-id equals ours, or (files
 * without one) when the debuglink CRC matches. */
static int try_open(const char *cand, const char *self, const uint8_t *id, size_t idlen,
		    bool check_crc, uint32_t crc)
{
	struct stat a, b;
	if (stat(cand, &a) || !S_ISREG(a.st_mode))
		return -1;
	if (self && !stat(self, &b) && a.st_dev == b.st_dev && a.st_ino == b.st_ino)
		return -1;
	int fd = open(cand, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return -1;
	/* Swapped since the stat (a container's own debug directory)? */
	if (fstat(fd, &a) || !S_ISREG(a.st_mode)) {
		close(fd);
		return -1;
	}
	bool ok = !check_crc;
	if (idlen) {
		Elf *e = elf_begin(fd, ELF_C_READ_MMAP, NULL);
		uint8_t other[64];
		size_t n = e ? elf_build_id(e, other, sizeof(other)) : 0;
		if (e)
			elf_end(e);
		if (n)
			ok = n == idlen && !memcmp(other, id, n);
		else if (check_crc)
			ok = crc_matches(fd, crc);
	} else if (check_crc) {
		ok = crc_matches(fd, crc);
	}
	if (!ok) {
		close(fd);
		return -1;
	}
	return fd;
}

static const char *debuglink(Elf *e, uint32_t *crc)
{
	size_t shstrndx;
	if (elf_getshdrstrndx(e, &shstrndx))
		return NULL;
	Elf_Scn *scn = NULL;
	while ((scn = elf_nextscn(e, scn))) {
		GElf_Shdr sh;
		if (!gelf_getshdr(scn, &sh) || sh.sh_type == SHT_NOBITS)
			continue;
		const char *name = elf_strptr(e, shstrndx, sh.sh_name);
		if (!name || strcmp(name, ".gnu_debuglink"))
			continue;
		Elf_Data *d = elf_rawdata(scn, NULL);
		if (!d || !d->d_buf || d->d_size < 8)
			return NULL;
		const char *s = d->d_buf;
		size_t len = strnlen(s, d->d_size);
		size_t at = (len + 4) & ~(size_t)3;
		if (len == 0 || at + 4 > d->d_size)
			return NULL;
		memcpy(crc, (const char *)d->d_buf + at, 4);
		return s;
	}
	return NULL;
}

int debuginfo_open(Elf *e, const char *path, const uint8_t *id, size_t idlen, const char *roots,
		   char *found, size_t foundlen)
{
	char cand[4096];
	/* A file seen through /proc/PID/root has its debug files in the same
	 * root (a container's /usr/lib/debug), and also maybe on the host. */
	char prefix[64] = "";
	const char *inner = path;
	int pid, n = 0;
	if (sscanf(path, "/proc/%d/root%n", &pid, &n) == 1 && n && path[n] == '/') {
		snprintf(prefix, sizeof(prefix), "%.*s", n, path);
		inner = path + n;
	}
	roots = debuginfo_roots(roots);
	char *list = strdup(roots);
	if (!list)
		return -1;
	int fd = -1;
	for (int pass = 0; pass < 2 && fd < 0; pass++) {
		const char *pre = pass == 0 ? prefix : "";
		if (pass == 1 && !*prefix)
			break;
		char *save = NULL, *copy = strdup(list);
		for (char *r = copy ? strtok_r(copy, ":", &save) : NULL; r && fd < 0;
		     r = strtok_r(NULL, ":", &save)) {
			if (!idlen)
				break;
			int k = snprintf(cand, sizeof(cand), "%s%s/.build-id/%02x/", pre, r, id[0]);
			for (size_t i = 1; i < idlen && k < (int)sizeof(cand) - 8; i++)
				k += snprintf(cand + k, sizeof(cand) - k, "%02x", id[i]);
			snprintf(cand + k, sizeof(cand) - k, ".debug");
			fd = try_open(cand, path, id, idlen, false, 0);
		}
		free(copy);
	}
	uint32_t crc = 0;
	const char *link = fd < 0 ? debuglink(e, &crc) : NULL;
	if (link && !strchr(link, '/')) {
		/* The file's directory, absolute: a relative FILE ("foo", "bin/foo")
		 * is the current directory's, and the roots are searched under
		 * its absolute path (/usr/lib/debug/home/me/bin/foo.debug). */
		char dir[PATH_MAX], rel[PATH_MAX];
		const char *slash = strrchr(inner, '/');
		snprintf(rel, sizeof(rel), "%.*s", slash ? (int)(slash - inner) : 1, slash ? inner : ".");
		if (inner[0] == '/' || !realpath(rel, dir))
			snprintf(dir, sizeof(dir), "%s", rel);
		int dirlen = (int)strlen(dir);
		snprintf(cand, sizeof(cand), "%s%.*s/%s", prefix, dirlen, dir, link);
		fd = try_open(cand, path, id, idlen, true, crc);
		if (fd < 0) {
			snprintf(cand, sizeof(cand), "%s%.*s/.debug/%s", prefix, dirlen, dir, link);
			fd = try_open(cand, path, id, idlen, true, crc);
		}
		char *save = NULL;
		for (char *r = strtok_r(list, ":", &save); r && fd < 0; r = strtok_r(NULL, ":", &save)) {
			snprintf(cand, sizeof(cand), "%s%s%.*s/%s", prefix, r, dirlen, dir, link);
			fd = try_open(cand, path, id, idlen, true, crc);
			if (fd < 0 && *prefix) {
				snprintf(cand, sizeof(cand), "%s%.*s/%s", r, dirlen, dir, link);
				fd = try_open(cand, path, id, idlen, true, crc);
			}
		}
	}
	free(list);
	if (fd >= 0 && found)
		snprintf(found, foundlen, "%s", cand);
	return fd;
}

int debuginfo_open_for(Elf *e, const char *path, char *found, size_t foundlen)
{
	uint8_t id[64];
	size_t idlen = elf_build_id(e, id, sizeof(id));
	return debuginfo_open(e, path, id, idlen, NULL, found, foundlen);
}
