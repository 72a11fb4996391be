#include "core/usdtlist.h"

#include "core/usdt.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct probes {
	struct usdt_probe *v;
	int n, cap;
};

static struct usdt_probe *probe_of(struct probes *p, const char *provider, const char *name)
{
	for (int i = 0; i < p->n; i++)
		if (!strcmp(p->v[i].provider, provider) && !strcmp(p->v[i].name, name))
			return &p->v[i];
	if (p->n == p->cap) {
		struct usdt_probe *v = realloc(p->v, (size_t)(p->cap = p->cap ? 2 * p->cap : 16) * sizeof(*v));
		if (!v)
			return NULL;
		p->v = v;
	}
	struct usdt_probe *pr = &p->v[p->n];
	memset(pr, 0, sizeof(*pr));
	pr->provider = strdup(provider);
	pr->name = strdup(name);
	if (!pr->provider || !pr->name) {
		free(pr->provider);
		free(pr->name);
		return NULL;
	}
	p->n++;
	return pr;
}

/* The note's "8@%rbx -4@112(%rsp)", one string per argument. */
static int add_location(struct usdt_probe *pr, uint64_t addr, const char *args)
{
	struct usdt_location *v = realloc(pr->locs, (size_t)(pr->nlocs + 1) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	pr->locs = v;
	struct usdt_location *l = &v[pr->nlocs++];
	memset(l, 0, sizeof(*l));
	l->addr = addr;
	char *text = strdup(args);
	if (!text)
		return -ENOMEM;
	int rc = 0;
	for (char *save, *tok = strtok_r(text, " ", &save); tok && !rc; tok = strtok_r(NULL, " ", &save)) {
		char **a = realloc(l->args, (size_t)(l->nargs + 1) * sizeof(*a));
		if (!a || !(a[l->nargs] = strdup(tok)))
			rc = -ENOMEM;
		if (a)
			l->args = a;
		if (!rc)
			l->nargs++;
	}
	free(text);
	return rc;
}

static int read_notes(Elf *elf, struct probes *p)
{
	size_t shstrndx;
	if (elf_getshdrstrndx(elf, &shstrndx))
		return -ENOEXEC;
	uint64_t base_addr = 0;
	bool has_base = false;
	for (Elf_Scn *scn = NULL; (scn = elf_nextscn(elf, scn));) {
		GElf_Shdr sh;
		const char *sname = gelf_getshdr(scn, &sh) ? elf_strptr(elf, shstrndx, sh.sh_name) : NULL;
		if (sname && !strcmp(sname, ".stapsdt.base")) {
			base_addr = sh.sh_addr;
			has_base = true;
		}
	}
	for (Elf_Scn *scn = NULL; (scn = elf_nextscn(elf, scn));) {
		GElf_Shdr sh;
		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_NOTE)
			continue;
		Elf_Data *data = elf_getdata(scn, NULL);
		size_t off = 0;
		struct usdt_note note;
		while (data && usdt_note_next(data, &off, &note)) {
			/* Prelinking moves code: the notes record where
			 * .stapsdt.base was when they were written. */
			uint64_t pc = note.pc, sema = note.sema;
			if (has_base) {
				pc += base_addr - note.base;
				if (sema)
					sema += base_addr - note.base;
			}
			struct usdt_probe *pr = probe_of(p, note.provider, note.name);
			if (!pr)
				return -ENOMEM;
			if (!pr->sema)
				pr->sema = sema;
			int rc = add_location(pr, pc, note.args);
			if (rc)
				return rc;
		}
	}
	return 0;
}

int usdt_probes_read(const char *path, struct usdt_probe **out, char *err, size_t errlen)
{
	*out = NULL;
	elf_version(EV_CURRENT);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		int e = errno;
		snprintf(err, errlen, "cannot read %s: %s", path, strerror(e));
		return -e;
	}
	Elf *elf = elf_begin(fd, ELF_C_READ, NULL);
	if (!elf || elf_kind(elf) != ELF_K_ELF) {
		snprintf(err, errlen, "%s: not an ELF file", path);
		if (elf)
			elf_end(elf);
		close(fd);
		return -ENOEXEC;
	}
	struct probes p = { 0 };
	int rc = read_notes(elf, &p);
	elf_end(elf);
	close(fd);
	if (rc) {
		snprintf(err, errlen, "%s: %s", path, rc == -ENOMEM ? "out of memory" : "cannot read its sections");
		usdt_probes_free(p.v, p.n);
		return rc;
	}
	*out = p.v;
	return p.n;
}

void usdt_probes_free(struct usdt_probe *v, int n)
{
	for (int i = 0; i < n; i++) {
		for (int k = 0; k < v[i].nlocs; k++) {
			for (int a = 0; a < v[i].locs[k].nargs; a++)
				free(v[i].locs[k].args[a]);
			free(v[i].locs[k].args);
		}
		free(v[i].locs);
		free(v[i].provider);
		free(v[i].name);
	}
	free(v);
}
