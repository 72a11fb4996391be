/* Unwind tables for the BPF unwinder (probes/lib/ehunwind.bpf.h): the
 * executable mappings of the traced processes, each file's table built
 * once (symbolize/cfitable.h) however many processes map it, all rows in
 * one array, bounded, loaded into the eh_rows and eh_procs maps. */
#ifndef BPFKIT_CORE_STACKS_EHTABLES_H
#define BPFKIT_CORE_STACKS_EHTABLES_H
#include <stddef.h>
#include <sys/types.h>

/* At most this many rows (16 bytes each) are loaded: files beyond it are
 * walked by frame pointers, and -v says which. */
#define EHTABLES_MAX_ROWS (2u << 20)

struct ehtables;

/* Reads the mappings of pids[0..n) and builds their files' tables.
 * Returns 0 or a negative errno, said once. */
int ehtables_build(const pid_t *pids, int n, size_t max_rows, struct ehtables **out);
/* The rows to size eh_rows with (at least 1: a map has an entry). */
size_t ehtables_rows(const struct ehtables *e);
/* Into the loaded maps' fds.  0 or a negative errno, said once. */
int ehtables_load(const struct ehtables *e, int rows_fd, int procs_fd);
/* What was built, for --verbose: files, rows, bytes, and files left out. */
void ehtables_report(const struct ehtables *e);
void ehtables_free(struct ehtables *e);

#endif
