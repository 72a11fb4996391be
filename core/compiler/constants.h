/* Named constants in trace and argdist expressions (O_CREAT, AF_INET,
 * SIGKILL, ENOENT...): BCC gets them from the C headers it compiles with;
 * bpfkit carries the common ones and takes the rest from enumerators in the
 * kernel's BTF. */
#ifndef BPFKIT_CORE_COMPILER_CONSTANTS_H
#define BPFKIT_CORE_COMPILER_CONSTANTS_H
#include <stdbool.h>
#include <stdint.h>

struct ct_source;

/* 0 and *value, or -ENOENT.  btf may be NULL (the table only). */
int constant_value(const char *name, struct ct_source *btf, int64_t *value);

#endif
