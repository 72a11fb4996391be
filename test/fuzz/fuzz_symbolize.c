/* libFuzzer target for the ELF/DWARF reader: each input is an ELF file,
 * symbolized at addresses it names itself (its entry, its symbols' middles)
 * with DWARF lines and inline chains, and its unwind table built from its
 * call frame information (symbolize/cfitable.c).  Built by test/fuzz/run.sh with
 * AddressSanitizer and UBSan and run for a bounded time in the san tier;
 * the deterministic unit test (test_symcorrupt) runs in every tier. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "symbolize/cfitable.h"
#include "symbolize/symbolize.h"

#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static int fd = -1;
static char path[64];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (fd < 0) {
		elf_version(EV_CURRENT);
		fd = memfd_create("fuzz-elf", 0);
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	}
	if (ftruncate(fd, 0) || pwrite(fd, data, size, 0) != (ssize_t)size)
		return 0;
	uint64_t addrs[64];
	int n = 0;
	Elf *e = elf_memory((char *)data, size);
	GElf_Ehdr eh;
	if (e && gelf_getehdr(e, &eh)) {
		addrs[n++] = eh.e_entry;
		Elf_Scn *scn = NULL;
		while ((scn = elf_nextscn(e, scn)) && n < 64) {
			GElf_Shdr sh;
			if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_SYMTAB || !sh.sh_entsize)
				continue;
			Elf_Data *d = elf_getdata(scn, NULL);
			for (size_t i = 0; d && i < d->d_size / sh.sh_entsize && n < 64; i++) {
				GElf_Sym s;
				if (gelf_getsym(d, i, &s) && s.st_value)
					addrs[n++] = s.st_value + s.st_size / 2;
			}
		}
	}
	if (e)
		elf_end(e);
	struct symbolizer_opts o = { .dwarf = true, .inlines = true, .demangle = true, .dwarf_names = true,
				     .debuginfo_path = "/nonexistent" };
	struct symbolizer *s = symbolizer_new(&o);
	struct sym_frame f[64];
	for (int i = 0; i < n; i++)
		sym_elf(s, path, addrs[i], f, 64);
	symbolizer_free(s);
	struct cfi_table_opts co = { .debuginfo_path = "/nonexistent" };
	struct cfi_table t;
	char err[256];
	if (!cfi_table_build(path, &co, &t, err, sizeof(err))) {
		for (size_t i = 0; i < t.nrows; i++)
			if (cfi_table_find(&t, t.rows[i].start) != &t.rows[i])
				__builtin_trap(); /* unsorted or overlapping rows */
		cfi_table_free(&t);
	}
	return 0;
}
