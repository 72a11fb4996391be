/* Kernel text symbols from /proc/kallsyms, modules included: read once,
 * names in one arena, sorted for binary search. */
#ifndef BPFKIT_SYMBOLIZE_KALLSYMS_H
#define BPFKIT_SYMBOLIZE_KALLSYMS_H
#include <stddef.h>
#include <stdint.h>

struct ksym {
	uint64_t addr;
	const char *name;
	const char *module; /* NULL for vmlinux */
};

struct kallsyms;

/* NULL when the file cannot be read; path NULL: /proc/kallsyms. */
struct kallsyms *kallsyms_load(const char *path);
void kallsyms_free(struct kallsyms *k);
const struct ksym *kallsyms_find(const struct kallsyms *k, uint64_t addr);
size_t kallsyms_bytes(const struct kallsyms *k);
size_t kallsyms_count(const struct kallsyms *k);

#endif
