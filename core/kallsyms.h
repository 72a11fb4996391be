/* A kernel variable's address, for a BPF program to read it (drsnoop -e's
 * vm_zone_stat): the kernel's BTF has only per-CPU variables. */
#ifndef BPFKIT_CORE_KALLSYMS_H
#define BPFKIT_CORE_KALLSYMS_H
#include <stddef.h>

/* The first of the names in /proc/kallsyms (NULL-terminated, tried in
 * order): 0 with *addr, or -ENOENT (not there: a kernel without
 * CONFIG_KALLSYMS_ALL lists no data symbols; or addresses hidden) after
 * printing why, `what` naming who needs it. */
int kallsyms_data_addr(const char *const *names, const char *what, unsigned long long *addr);
/* The symbol at exactly addr (a lock's name, klockstat): 0 with its name,
 * or -ENOENT (a lock in allocated memory has none) or -errno; quiet. */
int kallsyms_name_at(unsigned long long addr, char *name, size_t len);

/* Each kernel symbol called name (a static function can have several),
 * with its module ("" for the kernel's own): the number found, at most max,
 * or -EACCES when the addresses are hidden (the line says why, once). */
int kallsyms_addrs(const char *name, unsigned long long *addrs, char (*mods)[64], int max);

#endif
