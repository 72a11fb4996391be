/* Every USDT probe of one ELF file, for listing them (tplist) rather than
 * attaching one: the stapsdt notes grouped by provider:name in the order
 * the file has them, each site at its ELF address (moved as .stapsdt.base
 * was, for prelinked files) with its arguments' texts as the note has
 * them ("8@%rbx", "-4@112(%rsp)"). */
#ifndef BPFKIT_CORE_USDTLIST_H
#define BPFKIT_CORE_USDTLIST_H
#include <stddef.h>
#include <stdint.h>

struct usdt_location {
	uint64_t addr;
	int nargs;
	char **args;
};

struct usdt_probe {
	char *provider, *name;
	uint64_t sema; /* its ELF address, 0: none */
	int nlocs;
	struct usdt_location *locs;
};

/* The probes of the file at path: their count with *out allocated (0:
 * none, *out NULL), or -errno (-ENOEXEC: not an ELF file) with a line in
 * err.  Free with usdt_probes_free(). */
int usdt_probes_read(const char *path, struct usdt_probe **out, char *err, size_t errlen);
void usdt_probes_free(struct usdt_probe *v, int n);

#endif
