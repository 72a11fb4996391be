#include "core/usdt.h"

#include "core/binary.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* x86_64 register names, every width, to their struct pt_regs slots. */
static const struct {
	const char *names[4];
	int offset;
} regs[] = {
	{ { "rax", "eax", "ax", "al" }, 80 },	 { { "rbx", "ebx", "bx", "bl" }, 40 },
	{ { "rcx", "ecx", "cx", "cl" }, 88 },	 { { "rdx", "edx", "dx", "dl" }, 96 },
	{ { "rsi", "esi", "si", "sil" }, 104 },	 { { "rdi", "edi", "di", "dil" }, 112 },
	{ { "rbp", "ebp", "bp", "bpl" }, 32 },	 { { "rsp", "esp", "sp", "spl" }, 152 },
	{ { "r8", "r8d", "r8w", "r8b" }, 72 },	 { { "r9", "r9d", "r9w", "r9b" }, 64 },
	{ { "r10", "r10d", "r10w", "r10b" }, 56 }, { { "r11", "r11d", "r11w", "r11b" }, 48 },
	{ { "r12", "r12d", "r12w", "r12b" }, 24 }, { { "r13", "r13d", "r13w", "r13b" }, 16 },
	{ { "r14", "r14d", "r14w", "r14b" }, 8 },	 { { "r15", "r15d", "r15w", "r15b" }, 0 },
	{ { "rip", "eip", NULL, NULL }, 128 },
};

static int reg_offset(const char *name, size_t len)
{
	for (size_t i = 0; i < sizeof(regs) / sizeof(regs[0]); i++)
		for (int w = 0; w < 4; w++)
			if (regs[i].names[w] && strlen(regs[i].names[w]) == len && !strncmp(regs[i].names[w], name, len))
				return regs[i].offset;
	return -1;
}

const char *usdt_reg_name(const char *name, size_t len)
{
	for (size_t i = 0; i < sizeof(regs) / sizeof(regs[0]); i++)
		for (int w = 0; w < 4; w++)
			if (regs[i].names[w] && strlen(regs[i].names[w]) == len && !strncmp(regs[i].names[w], name, len))
				return regs[i].names[0];
	return NULL;
}

int usdt_parse_arg(const char *text, struct usdt_arg *a)
{
	memset(a, 0, sizeof(*a));
	char *end;
	long size = strtol(text, &end, 10);
	if (end == text || *end != '@' || !size || labs(size) > 8)
		return -EINVAL;
	a->size = (int)labs(size);
	a->is_signed = size < 0;
	const char *op = end + 1;
	if (*op == '$') { /* $42: a constant */
		a->kind = USDT_ARG_CONST;
		a->value = strtoll(op + 1, &end, 0);
		return *end ? -EINVAL : 0;
	}
	if (*op == '%') { /* %eax: a register */
		a->kind = USDT_ARG_REG;
		a->reg_offset = reg_offset(op + 1, strlen(op + 1));
		return a->reg_offset < 0 ? -EINVAL : 0;
	}
	/* -16(%rbp) or (%rax): memory at a register plus an offset. */
	a->kind = USDT_ARG_MEM;
	a->value = *op == '(' ? 0 : strtoll(op, &end, 0);
	if (*op != '(')
		op = end;
	if (op[0] != '(' || op[1] != '%')
		return -EINVAL;
	const char *close = strchr(op, ')');
	if (!close || close[1] || memchr(op, ',', (size_t)(close - op)))
		return -EINVAL; /* an index register: not produced by sdt.h on x86_64 compilers we know */
	a->reg_offset = reg_offset(op + 2, (size_t)(close - op - 2));
	return a->reg_offset < 0 ? -EINVAL : 0;
}

bool usdt_note_next(Elf_Data *data, size_t *off, struct usdt_note *n)
{
	size_t name_off, desc_off;
	GElf_Nhdr nh;
	while ((*off = gelf_getnote(data, *off, &nh, &name_off, &desc_off)) > 0) {
		const char *nname = (const char *)data->d_buf + name_off;
		if (nh.n_type != 3 || nh.n_namesz != 8 || strcmp(nname, "stapsdt") || nh.n_descsz < 27)
			continue;
		const char *desc = (const char *)data->d_buf + desc_off, *end = desc + nh.n_descsz;
		memcpy(&n->pc, desc, 8);
		memcpy(&n->base, desc + 8, 8);
		memcpy(&n->sema, desc + 16, 8);
		n->provider = desc + 24;
		/* Three NUL-terminated strings, all inside the note. */
		const char *nul = memchr(n->provider, 0, (size_t)(end - n->provider));
		if (!nul || (n->name = nul + 1) >= end || !(nul = memchr(n->name, 0, (size_t)(end - n->name))) ||
		    (n->args = nul + 1) >= end || !memchr(n->args, 0, (size_t)(end - n->args)))
			continue;
		return true;
	}
	return false;
}

int usdt_sites(const char *lib, const char *provider, const char *name, int pid, struct usdt_site **out,
	       char *err, size_t errlen)
{
	char path[PATH_MAX];
	*out = NULL;
	int r = resolve_binary(lib, pid, path, sizeof(path));
	if (r) {
		snprintf(err, errlen, "cannot find library or binary '%.128s%s'%s", lib, strlen(lib) > 128 ? "..." : "",
			 r == -ENAMETOOLONG ? ": its path is too long" : "");
		return r;
	}
	elf_version(EV_CURRENT);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	Elf *elf = fd >= 0 ? elf_begin(fd, ELF_C_READ, NULL) : NULL;
	if (!elf) {
		snprintf(err, errlen, "cannot read %s: %s", path, fd < 0 ? strerror(errno) : elf_errmsg(-1));
		if (fd >= 0)
			close(fd);
		return -ENOEXEC;
	}
	size_t shstrndx;
	elf_getshdrstrndx(elf, &shstrndx);
	/* Prelinking moves code: the notes record where .stapsdt.base was. */
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
	int n = 0, cap = 0, rc = 0;
	struct usdt_site *v = NULL;
	for (Elf_Scn *scn = NULL; (scn = elf_nextscn(elf, scn)) && !rc;) {
		GElf_Shdr sh;
		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_NOTE)
			continue;
		Elf_Data *data = elf_getdata(scn, NULL);
		size_t off = 0;
		struct usdt_note note;
		while (data && usdt_note_next(data, &off, &note)) {
			const char *prov = note.provider, *pname = note.name, *args = note.args;
			uint64_t pc = note.pc, base = note.base, sema = note.sema;
			if ((provider && *provider && strcmp(provider, prov)) || strcmp(name, pname))
				continue;
			if (has_base) {
				pc += base_addr - base;
				if (sema)
					sema += base_addr - base;
			}
			if (n == cap) {
				struct usdt_site *nv = realloc(v, (size_t)(cap = cap ? 2 * cap : 4) * sizeof(*v));
				if (!nv) {
					rc = -ENOMEM;
					break;
				}
				v = nv;
			}
			struct usdt_site *s = &v[n];
			memset(s, 0, sizeof(*s));
			snprintf(s->path, sizeof(s->path), "%s", path);
			if (elf_vaddr_offset(elf, pc, true, &s->offset) || (sema && elf_vaddr_offset(elf, sema, false, &s->sema_offset))) {
				snprintf(err, errlen, "%s:%s in %s: its address is outside the loaded segments", prov,
					 pname, path);
				rc = -ENOEXEC;
				break;
			}
			/* "-4@%eax 8@-16(%rbp)": space-separated, each size@operand;
			 * copied whole (a cut "8@$1234" reads as another
			 * constant). */
			char *text = strdup(args);
			if (!text) {
				rc = -ENOMEM;
				break;
			}
			for (char *save, *tok = strtok_r(text, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
				if (s->nargs == USDT_MAX_ARGS || usdt_parse_arg(tok, &s->args[s->nargs])) {
					snprintf(err, errlen, "%s:%s in %s: cannot read the argument '%s'", prov, pname,
						 path, tok);
					rc = -EINVAL;
					break;
				}
				s->nargs++;
			}
			free(text);
			if (!rc)
				n++;
		}
	}
	elf_end(elf);
	close(fd);
	if (!rc && !n) {
		snprintf(err, errlen, "no USDT probe %s%s%s in %s", provider && *provider ? provider : "",
			 provider && *provider ? ":" : "", name, path);
		rc = -ENOENT;
	}
	if (rc) {
		free(v);
		return rc;
	}
	*out = v;
	return n;
}
