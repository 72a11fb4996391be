/* Paths that BPF programs read in pieces: a dentry walk sends the names of
 * a file's directories innermost first, each NUL-terminated, and stops at
 * the root or short of it (too deep, buffer full). */
#ifndef BPFKIT_CORE_PATHS_H
#define BPFKIT_CORE_PATHS_H
#include <stdbool.h>
#include <stddef.h>

/* The directories' names (the used bytes of buf, at most nparts of them,
 * each shown to part_max bytes) joined from the root, then name (to
 * name_max bytes); "..." first when the walk stopped short.  A name that
 * is relative to them ("../x") stays as given, as BCC's os.path.join. */
void path_join_walk(const char *buf, size_t used, unsigned nparts, int part_max, bool short_walk, const char *name,
		    int name_max, char *out, size_t len);

#endif
