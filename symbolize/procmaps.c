#include "symbolize/procmaps.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

int procmaps_read(int pid, struct pmap **out)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/maps", pid);
	FILE *f = fopen(path, "re");
	if (!f)
		return -errno;
	struct pmap *v = NULL;
	int n = 0, cap = 0;
	char *line = NULL;
	size_t linecap = 0;
	while (getline(&line, &linecap, f) > 0) {
		unsigned long long start, end, off, ino;
		unsigned maj, min;
		char perms[8];
		int name_at = 0;
		if (sscanf(line, "%llx-%llx %7s %llx %x:%x %llu %n", &start, &end, perms, &off, &maj, &min,
			   &ino, &name_at) < 7 || perms[2] != 'x')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			struct pmap *p = realloc(v, cap * sizeof(*p));
			if (!p)
				break;
			v = p;
		}
		struct pmap *m = &v[n];
		memset(m, 0, sizeof(*m));
		m->start = start, m->end = end, m->off = off;
		m->dev = makedev(maj, min), m->ino = ino;
		char *name = name_at ? line + name_at : line + strlen(line);
		name[strcspn(name, "\n")] = 0;
		if (name[0] != '/') {
			m->kind = !strcmp(name, "[vdso]") ? PMAP_VDSO : PMAP_ANON;
			n++;
			continue;
		}
		m->kind = PMAP_FILE;
		const char *deleted = " (deleted)";
		size_t len = strlen(name), dl = strlen(deleted);
		bool gone = len > dl && !strcmp(name + len - dl, deleted);
		if (gone)
			name[len - dl] = 0;
		m->shown = strdup(name);
		char full[4200];
		snprintf(full, sizeof(full), "/proc/%d/root%s", pid, name);
		struct stat st;
		/* A binary replaced on disk (an upgrade while it runs) has another
		 * inode than the one mapped: read the mapped one. */
		if (gone || stat(full, &st) || st.st_ino != ino)
			snprintf(full, sizeof(full), "/proc/%d/map_files/%llx-%llx", pid, start, end);
		m->path = strdup(full);
		if (!m->path || !m->shown) {
			free(m->path);
			free(m->shown);
			continue;
		}
		n++;
	}
	free(line);
	fclose(f);
	*out = v;
	return n;
}

size_t procmaps_bytes(const struct pmap *v, int n)
{
	size_t t = n * sizeof(*v);
	for (int i = 0; i < n; i++)
		t += (v[i].path ? strlen(v[i].path) + 1 : 0) + (v[i].shown ? strlen(v[i].shown) + 1 : 0);
	return t;
}

void procmaps_free(struct pmap *v, int n)
{
	for (int i = 0; i < n; i++) {
		free(v[i].path);
		free(v[i].shown);
	}
	free(v);
}

/* The JIT map's limits: a map is a regular file read once, so a hostile
 * one (a sparse file, a never-ending line) costs at most this much. */
#define PERFMAP_MAX_BYTES ((size_t)64 << 20)
#define PERFMAP_MAX_ENTRIES (1u << 20)
#define PERFMAP_MAX_LINE 4096

struct perfsym {
	uint64_t start;
	uint32_t size;
	uint32_t name; /* offset into text; file order, so a later line wins */
};

struct perfmap {
	struct perfsym *v;
	size_t n;
	char *text;		/* the names, one after another */
	size_t textlen, bytes;
};

static int by_start(const void *a, const void *b)
{
	const struct perfsym *x = a, *y = b;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->name < y->name ? -1 : x->name > y->name;
}

int proc_owner_read(int pid, struct proc_owner *o)
{
	char path[64], line[256];
	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	FILE *f = fopen(path, "re");
	if (!f)
		return -errno;
	*o = (struct proc_owner){ .nspid = pid };
	bool uids = false;
	while (fgets(line, sizeof(line), f)) {
		unsigned r, e, sv, fs;
		if (!strncmp(line, "NSpid:", 6)) {
			/* Its PID in its own namespace names its map file there. */
			char *last = strrchr(line, '\t');
			int inner = last ? atoi(last + 1) : 0;
			if (inner > 0)
				o->nspid = inner;
		} else if (sscanf(line, "Uid: %u %u %u %u", &r, &e, &sv, &fs) == 4) {
			o->uid[0] = e, o->uid[1] = fs;
			uids = true;
		}
	}
	fclose(f);
	return uids ? 0 : -ENOENT;
}

static int open_flags(void)
{
	/* O_NONBLOCK: a FIFO planted as the map must not hang the tool at
	 * open; fstat then refuses it. */
	return O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC;
}

bool perfmap_no_openat2;

/* tmp/NAME under the process's root, resolved as if that were "/": a
 * symlink inside cannot lead out of the container, and none is followed at
 * all (a JIT writes its map as a plain file in a plain /tmp). */
static int open_in_root(int pid, const char *name)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/root", pid);
	int root = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (root < 0)
		return errno == ENOENT ? -ESRCH : -errno;
	snprintf(path, sizeof(path), "tmp/%s", name);
	struct open_how how = { .flags = open_flags(),
				.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS };
	int fd = perfmap_no_openat2 ? -1 : (int)syscall(SYS_openat2, root, path, &how, sizeof(how));
	int err = fd < 0 ? (perfmap_no_openat2 ? ENOSYS : errno) : 0;
	if (fd < 0 && (err == ENOSYS || err == E2BIG || err == EPERM)) {
		/* Before Linux 5.6 (or under a seccomp filter that does not
		 * know openat2): one component at a time, none followed if it
		 * is a symlink; the name is fixed, so no ".." can climb. */
		int tmp = openat(root, "tmp", O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		err = errno;
		fd = tmp >= 0 ? openat(tmp, name, open_flags()) : -1;
		if (tmp >= 0) {
			err = errno;
			close(tmp);
		}
	}
	close(root);
	return fd >= 0 ? fd : -err;
}

/* One "START SIZE name" line: an entry, its name copied to m->text. */
static int add_line(struct perfmap *m, const char *line, size_t *cap, size_t *textcap)
{
	unsigned long long start, size;
	int at = 0;
	if (sscanf(line, "%llx %llx %n", &start, &size, &at) < 2 || !at || !size)
		return 0;
	size_t len = strlen(line + at) + 1;
	if (m->textlen + len > *textcap) {
		size_t nc = *textcap ? *textcap * 2 : 16384;
		while (nc < m->textlen + len)
			nc *= 2;
		char *t = realloc(m->text, nc);
		if (!t)
			return -ENOMEM;
		m->text = t;
		*textcap = nc;
	}
	if (m->n == *cap) {
		size_t nc = *cap ? *cap * 2 : 256;
		struct perfsym *p = realloc(m->v, nc * sizeof(*p));
		if (!p)
			return -ENOMEM;
		m->v = p;
		*cap = nc;
	}
	memcpy(m->text + m->textlen, line + at, len);
	/* A JIT's code blobs are far below 4 GiB; a bigger size is garbage
	 * that would claim every address above start. */
	m->v[m->n++] = (struct perfsym){ start, size > UINT32_MAX ? UINT32_MAX : (uint32_t)size,
					 (uint32_t)m->textlen };
	m->textlen += len;
	return 0;
}

/* Reads at most PERFMAP_MAX_BYTES of fd a chunk at a time: only names are
 * kept, so a file of junk costs next to nothing; lines longer than
 * PERFMAP_MAX_LINE are skipped whole. */
static int read_map(struct perfmap *m, int fd, const char **why)
{
	enum { CHUNK = 65536 };
	char *buf = malloc(CHUNK + 1);
	if (!buf)
		return -ENOMEM;
	size_t have = 0, total = 0, cap = 0, textcap = 0;
	bool skipping = false, eof = false;
	int err = 0;
	while (!err && !eof) {
		if (total == PERFMAP_MAX_BYTES) {
			char more;
			if (read(fd, &more, 1) > 0)
				*why = "larger than 64 MiB, only its start read";
			break;
		}
		size_t room = CHUNK - have;
		if (room > PERFMAP_MAX_BYTES - total)
			room = PERFMAP_MAX_BYTES - total;
		ssize_t k = read(fd, buf + have, room);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			/* A last line without its newline still counts. */
			eof = true;
			buf[have++] = '\n';
		} else {
			total += (size_t)k;
			have += (size_t)k;
		}
		size_t at = 0;
		char *nl;
		while (!err && (nl = memchr(buf + at, '\n', have - at))) {
			*nl = 0;
			if (skipping)
				skipping = false;
			else if (m->n == PERFMAP_MAX_ENTRIES)
				*why = "has more than 1M entries, only the first read";
			else
				err = add_line(m, buf + at, &cap, &textcap);
			at = (size_t)(nl - buf) + 1;
		}
		memmove(buf, buf + at, have - at);
		have -= at;
		if (have > PERFMAP_MAX_LINE) {
			skipping = true;
			have = 0;
		}
	}
	free(buf);
	m->bytes = sizeof(*m) + textcap + cap * sizeof(*m->v);
	return err;
}

struct perfmap *perfmap_load(int pid, const struct proc_owner *own, char *why, size_t whylen)
{
	char name[48];
	const char *reason = NULL;
	why[0] = 0;
	snprintf(name, sizeof(name), "perf-%d.map", own ? own->nspid : pid);
	int fd = open_in_root(pid, name);
	if (fd == -ESRCH && (!own || own->nspid == pid)) {
		/* The process is gone (no /proc/PID/root): its map may still be
		 * in /tmp, when it shared our PID namespace. */
		char host[64];
		snprintf(host, sizeof(host), "/tmp/perf-%d.map", pid);
		fd = open(host, open_flags());
		if (fd < 0)
			fd = -errno;
	}
	if (fd < 0) {
		if (fd == -ELOOP)
			snprintf(why, whylen, "/tmp/%s is a symbolic link: not read", name);
		return NULL;
	}
	struct stat st;
	struct perfmap *m = NULL;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		snprintf(why, whylen, "/tmp/%s is not a regular file: not read", name);
		goto out;
	}
	/* As perf: written by the process's user (or root), or anyone could
	 * name another user's, or root's, frames. */
	if (st.st_uid && (!own || (st.st_uid != own->uid[0] && st.st_uid != own->uid[1]))) {
		snprintf(why, whylen, "/tmp/%s is owned by uid %u, neither root nor the process's user: not read",
			 name, (unsigned)st.st_uid);
		goto out;
	}
	m = calloc(1, sizeof(*m));
	if (!m || read_map(m, fd, &reason)) {
		perfmap_free(m);
		m = NULL;
		goto out;
	}
	if (m->n)
		qsort(m->v, m->n, sizeof(*m->v), by_start);
	if (reason)
		snprintf(why, whylen, "/tmp/%s %s", name, reason);
out:
	close(fd);
	return m;
}

const char *perfmap_find(const struct perfmap *m, uint64_t addr, uint64_t *off)
{
	size_t lo = 0, hi = m ? m->n : 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (m->v[mid].start <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* JITs reuse code space: later entries for the same range win, and
	 * the newest entry at or below addr must still cover it. */
	if (!lo || addr - m->v[lo - 1].start >= m->v[lo - 1].size)
		return NULL;
	*off = addr - m->v[lo - 1].start;
	return m->text + m->v[lo - 1].name;
}

size_t perfmap_bytes(const struct perfmap *m)
{
	return m ? m->bytes : 0;
}

void perfmap_free(struct perfmap *m)
{
	if (!m)
		return;
	free(m->text);
	free(m->v);
	free(m);
}
