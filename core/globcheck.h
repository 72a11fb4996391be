/* Whether a shell glob (fnmatch's, without flags) is well formed: glibc's
 * fnmatch takes an unclosed '[' or a trailing '\' as a pattern that never
 * or only literally matches, so a typo would list nothing and exit 0. */
#ifndef BPFKIT_CORE_GLOBCHECK_H
#define BPFKIT_CORE_GLOBCHECK_H
#include <stddef.h>

/* 0, or -EINVAL with the reason (not repeating the glob) in why. */
int glob_check(const char *glob, char *why, size_t whylen);

#endif
