/* USDT probes (SystemTap's sys/sdt.h notes) for programs compiled at run
 * time: every site of a probe in a binary, where to put the uprobe, the
 * semaphore the kernel should count up while attached, and how each
 * argument is found (a register, memory at a register plus an offset, or
 * a constant), from the note's "-4@%eax 8@-16(%rbp)" text. */
#ifndef BPFKIT_CORE_USDT_H
#define BPFKIT_CORE_USDT_H
#include <libelf.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define USDT_MAX_ARGS 12

enum usdt_arg_kind { USDT_ARG_CONST, USDT_ARG_REG, USDT_ARG_MEM };

struct usdt_arg {
	enum usdt_arg_kind kind;
	int size;	 /* bytes */
	bool is_signed;
	int reg_offset;	 /* in struct pt_regs (x86_64) */
	int64_t value;	 /* CONST: the value; MEM: the offset */
};

struct usdt_site {
	char path[PATH_MAX];
	uint64_t offset;	 /* file offset of the probe's instruction */
	uint64_t sema_offset;	 /* file offset of the semaphore, 0: none */
	int nargs;
	struct usdt_arg args[USDT_MAX_ARGS];
};

/* One stapsdt note, as sys/sdt.h writes it: where the probe is, the
 * .stapsdt.base address it was linked against, its semaphore (0: none),
 * and three strings inside the note's data. */
struct usdt_note {
	uint64_t pc, base, sema;
	const char *provider, *name, *args;
};
/* The next stapsdt note of a SHT_NOTE section's data, from *off on (0 to
 * start); false when there is none left. */
bool usdt_note_next(Elf_Data *data, size_t *off, struct usdt_note *n);

/* Sites of provider:name (provider may be empty: any) in the binary or
 * library lib (resolved as uprobes are, through pid's mappings when pid is
 * non-zero).  Returns the count with *out allocated, or -errno with err. */
int usdt_sites(const char *lib, const char *provider, const char *name, int pid, struct usdt_site **out,
	       char *err, size_t errlen);
/* One argument's text, "-4@%eax": 0 or -EINVAL. */
int usdt_parse_arg(const char *text, struct usdt_arg *a);
/* A register's name at any width ("eax", "r8d", len bytes of it) as its
 * 64-bit name ("rax", "r8"); NULL when it is none of x86_64's. */
const char *usdt_reg_name(const char *name, size_t len);

#endif
