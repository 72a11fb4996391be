#include "symbolize/elfsection.h"

#include <string.h>

size_t elf_build_id(Elf *e, uint8_t *id, size_t max)
{
	Elf_Scn *scn = NULL;
	while ((scn = elf_nextscn(e, scn))) {
		GElf_Shdr sh;
		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_NOTE)
			continue;
		Elf_Data *d = elf_getdata(scn, NULL);
		if (!d)
			continue;
		GElf_Nhdr nh;
		size_t off = 0, name_off, desc_off;
		while (off < d->d_size && (off = gelf_getnote(d, off, &nh, &name_off, &desc_off)) > 0) {
			if (nh.n_type != NT_GNU_BUILD_ID || nh.n_namesz != 4 ||
			    memcmp((char *)d->d_buf + name_off, "GNU", 4) || !nh.n_descsz)
				continue;
			size_t n = nh.n_descsz < max ? nh.n_descsz : max;
			memcpy(id, (char *)d->d_buf + desc_off, n);
			return n;
		}
	}
	return 0;
}

Elf_Scn *elf_section(Elf *e, const char *want, GElf_Shdr *sh)
{
	size_t shstrndx;
	if (elf_getshdrstrndx(e, &shstrndx))
		return NULL;
	Elf_Scn *scn = NULL;
	while ((scn = elf_nextscn(e, scn))) {
		if (!gelf_getshdr(scn, sh))
			continue;
		const char *name = elf_strptr(e, shstrndx, sh->sh_name);
		if (name && !strcmp(name, want))
			return scn;
	}
	return NULL;
}

static bool has_section(Elf *e, const char *want, bool with_bits)
{
	GElf_Shdr sh;
	return elf_section(e, want, &sh) && (!with_bits || sh.sh_type != SHT_NOBITS);
}

bool elf_has_section(Elf *e, const char *name)
{
	return has_section(e, name, true);
}

uint64_t elf_debug_inflated_bytes(Elf *e)
{
	size_t shstrndx;
	if (elf_getshdrstrndx(e, &shstrndx))
		return 0;
	uint64_t total = 0;
	Elf_Scn *scn = NULL;
	while ((scn = elf_nextscn(e, scn))) {
		GElf_Shdr sh;
		if (!gelf_getshdr(scn, &sh) || sh.sh_type == SHT_NOBITS)
			continue;
		const char *name = elf_strptr(e, shstrndx, sh.sh_name);
		if (!name)
			continue;
		/* The sections libdw's dwarf_begin_elf inflates. */
		bool gnu = !strncmp(name, ".zdebug_", 8);
		bool dbg = gnu || !strncmp(name, ".debug_", 7) || !strncmp(name, ".gnu.debuglto_.debug_", 21);
		uint64_t size = 0;
		GElf_Chdr ch;
		if (dbg && (sh.sh_flags & SHF_COMPRESSED)) {
			if (gelf_getchdr(scn, &ch))
				size = ch.ch_size;
		} else if (gnu) {
			/* "ZLIB" and the inflated size, 64-bit big-endian. */
			Elf_Data *d = elf_rawdata(scn, NULL);
			const unsigned char *b = d ? d->d_buf : NULL;
			if (b && d->d_size >= 12 && !memcmp(b, "ZLIB", 4))
				for (int i = 4; i < 12; i++)
					size = size << 8 | b[i];
		}
		total = total + size < total ? UINT64_MAX : total + size;
	}
	return total;
}
