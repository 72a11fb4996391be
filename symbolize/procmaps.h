/* A process's executable mappings, each with the path that reaches its
 * file from outside the process: through /proc/PID/root (containers) or,
 * for deleted and replaced binaries, /proc/PID/map_files/. */
#ifndef BPFKIT_SYMBOLIZE_PROCMAPS_H
#define BPFKIT_SYMBOLIZE_PROCMAPS_H
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

/* JIT symbols from /tmp/perf-PID.map (perf's format: "START SIZE name"). */
struct perfmap;
struct perfmap *perfmap_load(int pid);
const char *perfmap_find(const struct perfmap *m, uint64_t addr, uint64_t *off);
void perfmap_free(struct perfmap *m);

#endif
