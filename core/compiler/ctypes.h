/* C types for trace and argdist expressions: the layout of structs, where a
 * pointer points, how wide and signed an integer is.  Kernel types come
 * from the running kernel's BTF, user types from the probed binary's DWARF
 * (libdw); both are turned into the same small graph, built only as far as
 * an expression walks it. */
#ifndef BPFKIT_CORE_CTYPES_H
#define BPFKIT_CORE_CTYPES_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum ct_kind {
	CT_INT,	   /* integers, enums, bool, char */
	CT_PTR,	   /* target NULL: void * (or a function pointer) */
	CT_STRUCT, /* struct or union */
	CT_ARRAY,
};

struct ct_source;

struct ct_type {
	enum ct_kind kind;
	int size; /* bytes */
	bool is_signed;
	const struct ct_type *target; /* CT_PTR: what it points to; CT_ARRAY: the element */
	int nelems;		      /* CT_ARRAY */
	char name[96];		      /* "struct task_struct", "int", "char *" */
	struct ct_source *src;
	uint64_t handle; /* the BTF id or DWARF DIE offset of a struct */
	struct ct_type *next;
};

struct ct_member {
	int offset;		 /* bytes from the start of the outer struct */
	int bit_offset, bit_size; /* a bit field: bits from offset, and width (0: not one) */
	const struct ct_type *type;
};

/* The running kernel's BTF (/sys/kernel/btf/vmlinux). */
struct ct_source *ct_open_btf(char *err, size_t errlen);
/* The DWARF of an ELF file (a program or library with debug info). */
struct ct_source *ct_open_dwarf(const char *path, char *err, size_t errlen);
void ct_close(struct ct_source *s);

/* A declaration's type: "struct hrtimer_sleeper *", "const char *", "u32",
 * "pid_t".  Integer names need no source (s may be NULL).  NULL with a
 * one-line reason in err when the name is unknown. */
const struct ct_type *ct_parse(struct ct_source *s, const char *decl, char *err, size_t errlen);
/* A pointer to t (arrays decay to these). */
const struct ct_type *ct_pointer_to(struct ct_source *s, const struct ct_type *t);
/* A member of a struct or union by name, also inside unnamed members.
 * 0, or -ENOENT. */
int ct_member(const struct ct_type *st, const char *name, struct ct_member *out);

/* A kernel enumerator's value by name (BTF sources only): 0 or -ENOENT. */
int ct_enum_value(struct ct_source *s, const char *name, int64_t *value);

#endif
