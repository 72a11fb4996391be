/* Named constants as C spells them (O_CREAT, AF_INET, SIGKILL, ENOENT...):
 * the common ones, for options that take names (opensnoop -f O_WRONLY) and
 * for trace and argdist expressions (core/compiler/constants.h adds the
 * kernel's BTF enumerators). */
#ifndef BPFKIT_CORE_CONSTANTS_H
#define BPFKIT_CORE_CONSTANTS_H
#include <stdbool.h>
#include <stdint.h>

/* 0 and *value, or -ENOENT.  With nocase, "o_wronly" is O_WRONLY. */
int constant_lookup(const char *name, bool nocase, int64_t *value);

/* A capability's name (CAP_SYS_ADMIN), or NULL for a number without one. */
const char *constant_capability(int cap);

#endif
