/* Where a stripped file's debug information lives: by build-id under each
 * debuginfo root, or by the .gnu_debuglink name next to the file, in its
 * .debug/ directory, or mirrored under a root (the layouts gdb and
 * Debian's -dbgsym packages use). */
#ifndef BPFKIT_SYMBOLIZE_DEBUGINFO_H
#define BPFKIT_SYMBOLIZE_DEBUGINFO_H
#include <libelf.h>
#include <stddef.h>
#include <stdint.h>

/* The default roots when the caller gives none. */
const char *debuginfo_roots(const char *given);

/* Opens the debug file for ELF e (at path, with build-id id) and returns
 * its fd, or -1 when there is none or none that matches. */
int debuginfo_open(Elf *e, const char *path, const uint8_t *id, size_t idlen, const char *roots,
		   char *found, size_t foundlen);

/* The same search for a caller holding only the ELF (at path): its own
 * build-id, the default roots.  Probes by name and DWARF types of a
 * stripped file use it, so they look where the symbolizer looks. */
int debuginfo_open_for(Elf *e, const char *path, char *found, size_t foundlen);

#endif
