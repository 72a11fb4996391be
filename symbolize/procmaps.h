/* A process's executable mappings, each with the path that reaches its
 * file from outside the process: through /proc/PID/root (containers) or,
 * for deleted and replaced binaries, /proc/PID/map_files/. */
#ifndef BPFKIT_SYMBOLIZE_PROCMAPS_H
#define BPFKIT_SYMBOLIZE_PROCMAPS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum pmap_kind { PMAP_FILE, PMAP_VDSO, PMAP_ANON };

struct pmap {
	uint64_t start, end, off;
	enum pmap_kind kind;
	char *path;		/* PMAP_FILE: where to open it */
	char *shown;		/* the path as the process sees it */
	uint64_t dev, ino;	/* identity, to share one parse across processes */
};

/* Returns the number of mappings (>= 0) or a negative errno. */
int procmaps_read(int pid, struct pmap **out);
void procmaps_free(struct pmap *v, int n);
size_t procmaps_bytes(const struct pmap *v, int n);

/* Who a process is, for trusting its JIT map: its PID in its own PID
 * namespace (the map's name there) and its effective and filesystem uids
 * (who may have written the map). */
struct proc_owner {
	int nspid;
	uint32_t uid[2];
};
int proc_owner_read(int pid, struct proc_owner *o);

/* JIT symbols from /tmp/perf-PID.map (perf's format: "START SIZE name"),
 * read from the process's own root, as perf does: only a regular file,
 * not through a symlink, owned by root or the process's user (own; NULL:
 * unknown, root only), at most 64 MiB and 1M entries of it.  NULL when
 * there is none or it was refused; why then says why (empty: no file). */
struct perfmap;
struct perfmap *perfmap_load(int pid, const struct proc_owner *own, char *why, size_t whylen);
const char *perfmap_find(const struct perfmap *m, uint64_t addr, uint64_t *off);
size_t perfmap_bytes(const struct perfmap *m);
void perfmap_free(struct perfmap *m);
/* Tests: resolve as kernels without openat2 (before 5.6) do. */
extern bool perfmap_no_openat2;

#endif
