#include "symbolize/procmaps.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

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

void procmaps_free(struct pmap *v, int n)
{
	for (int i = 0; i < n; i++) {
		free(v[i].path);
		free(v[i].shown);
	}
	free(v);
}

struct perfsym {
	uint64_t start, size;
	size_t seq; /* file order: a later line for the same start wins */
	char *name;
};

struct perfmap {
	struct perfsym *v;
	size_t n;
};

static int by_start(const void *a, const void *b)
{
	const struct perfsym *x = a, *y = b;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* The process's own PID in its namespace names its map file there. */
static int ns_pid(int pid)
{
	char path[64], line[256];
	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	FILE *f = fopen(path, "re");
	int inner = pid;
	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, "NSpid:", 6)) {
			char *last = strrchr(line, '\t');
			if (last)
				inner = atoi(last + 1);
		}
	if (f)
		fclose(f);
	return inner > 0 ? inner : pid;
}

struct perfmap *perfmap_load(int pid)
{
	char path[128];
	snprintf(path, sizeof(path), "/proc/%d/root/tmp/perf-%d.map", pid, ns_pid(pid));
	FILE *f = fopen(path, "re");
	if (!f) {
		snprintf(path, sizeof(path), "/tmp/perf-%d.map", pid);
		f = fopen(path, "re");
	}
	if (!f)
		return NULL;
	struct perfmap *m = calloc(1, sizeof(*m));
	size_t cap = 0;
	char *line = NULL;
	size_t linecap = 0;
	while (m && getline(&line, &linecap, f) > 0) {
		unsigned long long start, size;
		int at = 0;
		if (sscanf(line, "%llx %llx %n", &start, &size, &at) < 2 || !at)
			continue;
		char *name = line + at;
		name[strcspn(name, "\n")] = 0;
		if (m->n == cap) {
			cap = cap ? cap * 2 : 256;
			struct perfsym *p = realloc(m->v, cap * sizeof(*p));
			if (!p)
				break;
			m->v = p;
		}
		m->v[m->n].start = start;
		m->v[m->n].size = size;
		m->v[m->n].seq = m->n;
		m->v[m->n].name = strdup(name);
		if (m->v[m->n].name)
			m->n++;
	}
	free(line);
	fclose(f);
	if (m)
		qsort(m->v, m->n, sizeof(*m->v), by_start);
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
	if (!lo || addr >= m->v[lo - 1].start + m->v[lo - 1].size)
		return NULL;
	*off = addr - m->v[lo - 1].start;
	return m->v[lo - 1].name;
}

void perfmap_free(struct perfmap *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->n; i++)
		free(m->v[i].name);
	free(m->v);
	free(m);
}
