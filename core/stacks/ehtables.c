#include "core/stacks/ehtables.h"

#include "core/log.h"
#include "symbolize/cfitable.h"
#include "symbolize/procmaps.h"

#include <bpf/bpf.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <linux/types.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "probes/lib/ehunwind.h"

struct ehfile {
	uint64_t dev, ino;
	char *shown;
	struct cfi_table table;
	size_t first;	/* in the concatenated rows */
	bool loaded;	/* within the bound */
	char why[160];	/* when not loaded */
};

struct ehproc {
	pid_t pid;
	struct eh_proc maps;
	int unmapped; /* executable mappings past EH_MAX_MAPPINGS */
};

struct ehtables {
	struct ehfile *files;
	int nfiles;
	struct ehproc *procs;
	int nprocs;
	size_t rows, max_rows;
	double build_ms;
};

/* The file address of the mapping's first byte is start - bias: the
 * segment holding file offset off says where it is linked. */
static int mapping_bias(const char *path, const struct pmap *m, uint64_t *bias)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	elf_version(EV_CURRENT);
	Elf *elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	size_t n = 0;
	int err = -ENOEXEC;
	if (elf && !elf_getphdrnum(elf, &n)) {
		for (size_t i = 0; i < n; i++) {
			GElf_Phdr ph;
			if (!gelf_getphdr(elf, i, &ph) || ph.p_type != PT_LOAD)
				continue;
			if (m->off >= ph.p_offset && m->off < ph.p_offset + ph.p_filesz) {
				*bias = m->start - (ph.p_vaddr + (m->off - ph.p_offset));
				err = 0;
				break;
			}
		}
	}
	elf_end(elf);
	close(fd);
	return err;
}

static struct ehfile *file_for(struct ehtables *e, const struct pmap *m)
{
	for (int i = 0; i < e->nfiles; i++)
		if (e->files[i].dev == m->dev && e->files[i].ino == m->ino)
			return &e->files[i];
	struct ehfile *v = realloc(e->files, (e->nfiles + 1) * sizeof(*v));
	if (!v)
		return NULL;
	e->files = v;
	struct ehfile *f = &v[e->nfiles++];
	memset(f, 0, sizeof(*f));
	f->dev = m->dev, f->ino = m->ino;
	f->shown = strdup(m->shown ? m->shown : m->path);
	char err[128] = "";
	int rc = cfi_table_build(m->path, NULL, &f->table, err, sizeof(err));
	if (rc) {
		snprintf(f->why, sizeof(f->why), "%s", err[0] ? err : strerror(-rc));
	} else if (e->rows + f->table.nrows > e->max_rows) {
		snprintf(f->why, sizeof(f->why), "%zu rows over the bound of %zu", f->table.nrows, e->max_rows);
	} else {
		f->first = e->rows;
		f->loaded = true;
		e->rows += f->table.nrows;
	}
	return f;
}

static int add_proc(struct ehtables *e, pid_t pid)
{
	struct pmap *maps;
	int n = procmaps_read(pid, &maps);
	if (n < 0) {
		log_err("cannot read the mappings of process %d: %s", pid, strerror(-n));
		return n;
	}
	struct ehproc *p = &e->procs[e->nprocs++];
	memset(p, 0, sizeof(*p));
	p->pid = pid;
	/* /proc/PID/maps lists them sorted by address: the BPF scan stops early. */
	for (int i = 0; i < n; i++) {
		const struct pmap *m = &maps[i];
		if (p->maps.nmaps == EH_MAX_MAPPINGS) {
			p->unmapped++;
			continue;
		}
		struct eh_mapping *em = &p->maps.maps[p->maps.nmaps];
		*em = (struct eh_mapping){ .start = m->start, .end = m->end };
		struct ehfile *f = m->kind == PMAP_FILE ? file_for(e, m) : NULL;
		uint64_t bias = 0;
		if (f && f->loaded && !mapping_bias(m->path, m, &bias)) {
			em->bias = bias;
			em->first = f->first;
			em->count = f->table.nrows;
			em->table_end = f->table.end;
		}
		/* Without a table (JIT code, the vDSO): frame pointers. */
		p->maps.nmaps++;
	}
	procmaps_free(maps, n);
	return 0;
}

int ehtables_build(const pid_t *pids, int n, size_t max_rows, struct ehtables **out)
{
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	struct ehtables *e = calloc(1, sizeof(*e));
	if (!e || !(e->procs = calloc(n ? n : 1, sizeof(*e->procs)))) {
		free(e);
		log_err("out of memory for the unwind tables");
		return -ENOMEM;
	}
	e->max_rows = max_rows;
	for (int i = 0; i < n; i++) {
		int err = add_proc(e, pids[i]);
		if (err) {
			ehtables_free(e);
			return err;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	e->build_ms = (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6;
	*out = e;
	return 0;
}

size_t ehtables_rows(const struct ehtables *e)
{
	return e->rows ? e->rows : 1;
}

int ehtables_load(const struct ehtables *e, int rows_fd, int procs_fd)
{
	for (int i = 0; i < e->nfiles; i++) {
		const struct ehfile *f = &e->files[i];
		if (!f->loaded)
			continue;
		_Static_assert(sizeof(struct eh_row) == sizeof(struct cfi_row), "one row layout");
		/* One batch per file: a syscall per row would take seconds for libc. */
		__u32 n = f->table.nrows;
		__u32 *keys = malloc(n * sizeof(*keys));
		if (!keys)
			return -ENOMEM;
		for (__u32 k = 0; k < n; k++)
			keys[k] = f->first + k;
		LIBBPF_OPTS(bpf_map_batch_opts, o);
		int err = bpf_map_update_batch(rows_fd, keys, f->table.rows, &n, &o);
		free(keys);
		if (err) {
			err = -errno;
			log_err("cannot load the unwind table of %s: %s", f->shown, strerror(-err));
			return err;
		}
	}
	for (int i = 0; i < e->nprocs; i++) {
		__u32 pid = e->procs[i].pid;
		if (bpf_map_update_elem(procs_fd, &pid, &e->procs[i].maps, BPF_ANY)) {
			int err = -errno;
			log_err("cannot load the mappings of process %d: %s", pid, strerror(-err));
			return err;
		}
	}
	return 0;
}

void ehtables_report(const struct ehtables *e)
{
	size_t loaded = 0;
	for (int i = 0; i < e->nfiles; i++)
		loaded += e->files[i].loaded;
	fprintf(stderr, "unwind tables: %zu of %d files, %zu rows, %zu bytes in eh_rows, built in %.1f ms\n", loaded,
		e->nfiles, e->rows, e->rows * sizeof(struct eh_row), e->build_ms);
	for (int i = 0; i < e->nfiles; i++) {
		const struct ehfile *f = &e->files[i];
		if (f->loaded)
			fprintf(stderr, "  %s: %zu rows from %s\n", f->shown, f->table.nrows, f->table.source);
		else
			fprintf(stderr, "  %s: frame pointers (%s)\n", f->shown, f->why);
	}
	for (int i = 0; i < e->nprocs; i++)
		if (e->procs[i].unmapped)
			fprintf(stderr, "  process %d: %d executable mappings past the first %d, by frame pointers\n",
				e->procs[i].pid, e->procs[i].unmapped, EH_MAX_MAPPINGS);
}

void ehtables_free(struct ehtables *e)
{
	if (!e)
		return;
	for (int i = 0; i < e->nfiles; i++) {
		cfi_table_free(&e->files[i].table);
		free(e->files[i].shown);
	}
	free(e->files);
	free(e->procs);
	free(e);
}
