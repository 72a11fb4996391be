/* Types for trace/argdist expressions and USDT argument locations, held
 * against the compiler's own answers: the DWARF of test/progs/structs gives
 * the offsetof() values this file computes for the same structs; the
 * stapsdt notes of test/progs/usdt give its probes, semaphores and
 * argument texts; integer declarations have the right width and sign. */
#include "core/compiler/ctypes.h"
#include "core/usdt.h"
#include "test/progs/structs.h"

#include <stddef.h>
#include <stdio.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "test/unit/check.h"

static void check_member(const struct ct_type *st, const char *name, int offset, enum ct_kind kind, int size)
{
	struct ct_member m;
	CHECK(!ct_member(st, name, &m), "%s has no member %s", st->name, name);
	if (ct_member(st, name, &m))
		return;
	CHECK(m.offset == offset, "%s.%s at %d, the compiler says %d", st->name, name, m.offset, offset);
	CHECK(m.type->kind == kind, "%s.%s kind %d, expected %d", st->name, name, m.type->kind, kind);
	CHECK(m.type->size == size, "%s.%s size %d, expected %d", st->name, name, m.type->size, size);
}

static void dwarf_types(void)
{
	char err[256];
	struct ct_source *s = ct_open_dwarf(TEST_BINARY_DIR "/progs/structs", err, sizeof(err));
	CHECK(s, "open structs: %s", err);
	if (!s)
		return;
	const struct ct_type *o = ct_parse(s, "struct outer *", err, sizeof(err));
	CHECK(o && o->kind == CT_PTR && o->target && o->target->kind == CT_STRUCT, "struct outer *: %s", err);
	if (!o || !o->target)
		return;
	const struct ct_type *st = o->target;
	CHECK(st->size == (int)sizeof(struct outer), "sizeof outer %d vs %zu", st->size, sizeof(struct outer));
	check_member(st, "pad", offsetof(struct outer, pad), CT_INT, 8);
	check_member(st, "in", offsetof(struct outer, in), CT_PTR, 8);
	check_member(st, "embedded", offsetof(struct outer, embedded), CT_STRUCT, sizeof(struct inner));
	check_member(st, "values", offsetof(struct outer, values), CT_ARRAY, 16);
	struct ct_member m;
	if (!ct_member(st, "embedded", &m)) {
		check_member(m.type, "name", offsetof(struct inner, name), CT_ARRAY, 16);
		struct ct_member bf;
		CHECK(!ct_member(m.type, "mode", &bf), "no inner.mode");
		/* mode sits after flags' 3 bits, 5 wide; the same bytes as the compiler's. */
		struct inner probe;
		memset(&probe, 0, sizeof(probe));
		probe.mode = 31;
		const unsigned char *b = (const unsigned char *)&probe;
		int first = -1;
		for (int i = 0; i < (int)sizeof(probe) && first < 0; i++)
			if (b[i])
				first = i * 8 + __builtin_ctz(b[i]);
		CHECK(bf.offset * 8 + bf.bit_offset == first && bf.bit_size == 5,
		      "inner.mode at bit %d width %d, the compiler put it at bit %d width 5",
		      bf.offset * 8 + bf.bit_offset, bf.bit_size, first);
	}
	CHECK(ct_member(st, "nosuch", &m) == -ENOENT, "nosuch found");
	CHECK(!ct_parse(s, "struct nosuch *", err, sizeof(err)) && strstr(err, "struct nosuch"),
	      "struct nosuch parsed: %s", err);
	ct_close(s);
}

static void builtin_types(void)
{
	static const struct { const char *decl; enum ct_kind kind; int size; bool sgn; } cases[] = {
		{ "int", CT_INT, 4, true },	     { "unsigned int", CT_INT, 4, false },
		{ "u8", CT_INT, 1, false },	     { "s16", CT_INT, 2, true },
		{ "const char *", CT_PTR, 8, false }, { "size_t", CT_INT, 8, false },
		{ "long long", CT_INT, 8, true },    { "void *", CT_PTR, 8, false },
		{ "pid_t", CT_INT, 4, true },	     { "unsigned long", CT_INT, 8, false },
		{ "char", CT_INT, 1, true },	     { "struct sock *", CT_PTR, 8, false },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char err[200];
		const struct ct_type *t = ct_parse(NULL, cases[i].decl, err, sizeof(err));
		CHECK(t && t->kind == cases[i].kind && t->size == cases[i].size &&
			      (t->kind != CT_INT || t->is_signed == cases[i].sgn),
		      "'%s' parsed wrong (%s)", cases[i].decl, t ? t->name : err);
	}
	char err[200];
	CHECK(!ct_parse(NULL, "struct foo", err, sizeof(err)), "a struct by value without types");
	CHECK(!ct_parse(NULL, "void", err, sizeof(err)), "void has no value");
}

static void usdt(void)
{
	static const struct { const char *text; enum usdt_arg_kind kind; int size; bool sgn; int reg; long v; } ok[] = {
		{ "-4@%eax", USDT_ARG_REG, 4, true, 80, 0 },	   { "8@%rdi", USDT_ARG_REG, 8, false, 112, 0 },
		{ "8@-16(%rbp)", USDT_ARG_MEM, 8, false, 32, -16 }, { "-2@(%r12)", USDT_ARG_MEM, 2, true, 24, 0 },
		{ "4@$42", USDT_ARG_CONST, 4, false, 0, 42 },	   { "1@%r8b", USDT_ARG_REG, 1, false, 72, 0 },
		{ "8@0x10(%rsp)", USDT_ARG_MEM, 8, false, 152, 16 },
	};
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		struct usdt_arg a;
		int rc = usdt_parse_arg(ok[i].text, &a);
		CHECK(!rc && a.kind == ok[i].kind && a.size == ok[i].size && a.is_signed == ok[i].sgn &&
			      (a.kind == USDT_ARG_CONST || a.reg_offset == ok[i].reg) && a.value == ok[i].v,
		      "USDT argument '%s' read wrong", ok[i].text);
	}
	static const char *const bad[] = { "", "4", "4@", "9@%rax", "4@%xyz", "4@8(%rax,%rbx,2)", "0@%rax", "4@-8(%rbp" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct usdt_arg a;
		CHECK(usdt_parse_arg(bad[i], &a) == -EINVAL, "USDT argument '%s' accepted", bad[i]);
	}
	struct usdt_site *sites;
	char err[256];
	int n = usdt_sites(TEST_BINARY_DIR "/progs/usdt", "bpfkit_test", "tick", 0, &sites, err, sizeof(err));
	CHECK(n == 1, "bpfkit_test:tick: %d sites (%s)", n, n < 0 ? err : "");
	if (n == 1) {
		CHECK(sites[0].nargs == 1 && sites[0].args[0].size == 8, "tick has one 8-byte argument");
		CHECK(sites[0].offset && sites[0].sema_offset, "tick has an offset and a semaphore");
		free(sites);
	}
	n = usdt_sites(TEST_BINARY_DIR "/progs/usdt", "", "done", 0, &sites, err, sizeof(err));
	CHECK(n == 1 && sites[0].nargs == 0, "done: one site, no arguments");
	if (n > 0)
		free(sites);
	n = usdt_sites(TEST_BINARY_DIR "/progs/usdt", "", "nosuch", 0, &sites, err, sizeof(err));
	CHECK(n == -ENOENT && strstr(err, "no USDT probe nosuch"), "nosuch: %d %s", n, err);
}

int main(void)
{
	dwarf_types();
	builtin_types();
	usdt();
	printf("%s\n", failures ? "FAILED" : "ok");
	return failures ? 1 : 0;
}
