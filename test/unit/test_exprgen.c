/* The expression compiler follows C: each expression is compiled by
 * bpfkit, run by a small interpreter of the BPF instructions it emits, and
 * its value compared with what this file's C compiler makes of the same
 * text on variables of the same types.  The signedness and width of every
 * operand (argN unsigned long, a signature's types, casts, literals and
 * their suffixes, tracepoint fields) pick comparisons, division, modulo
 * and shifts as C's usual arithmetic conversions do.  Also: events the
 * perf buffer has no room for are counted by trace's program, and
 * argdist's filters and keys take the declared types. */
#include "core/compiler/exprgen.h"
#include "core/compiler/tracegen.h"
#include "core/compiler/tracespec.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test/unit/check.h"

/* The oracle's expressions are the specs' text: mixed signedness is the
 * point, not a mistake. */
#pragma GCC diagnostic ignored "-Wsign-compare"
#pragma GCC diagnostic ignored "-Wtype-limits"
#pragma GCC diagnostic ignored "-Wparentheses"
#pragma GCC diagnostic ignored "-Wbool-operation"
#pragma GCC diagnostic ignored "-Wpointer-arith"
#pragma GCC diagnostic ignored "-Wint-in-bool-context"

enum { SCRATCH_FD = 3, EVENTS_FD = 4, DROPS_FD = 5, TABLE_FD = 4, ENTRY_FD = 5 };

/* What the helpers see and do. */
struct vm {
	bool argdist;
	int output_rc; /* what bpf_perf_event_output returns */
	int outputs;
	uint8_t event[TG_EVENT_MAX];
	uint64_t drops;
	uint64_t count;	  /* argdist: the table entry the program counts into */
	uint8_t key[64];  /* argdist: the key it looked up */
	_Alignas(8) uint8_t scratch[TG_SCRATCH_SIZE];
	_Alignas(8) uint8_t stack[512];
};

static uint64_t helper(struct vm *vm, int id, uint64_t *r)
{
	switch (id) {
	case BPF_FUNC_map_lookup_elem:
		if (r[1] == SCRATCH_FD)
			return (uint64_t)(uintptr_t)vm->scratch;
		if (vm->argdist && r[1] == TABLE_FD) {
			memcpy(vm->key, (void *)(uintptr_t)r[2], sizeof(vm->key));
			return (uint64_t)(uintptr_t)&vm->count;
		}
		if (!vm->argdist && r[1] == DROPS_FD)
			return (uint64_t)(uintptr_t)&vm->drops;
		return 0;
	case BPF_FUNC_map_update_elem:
	case BPF_FUNC_map_delete_elem:
		return 0;
	case BPF_FUNC_ktime_get_ns:
		return 1000;
	case BPF_FUNC_get_smp_processor_id:
		return 1;
	case BPF_FUNC_get_current_pid_tgid:
		return (4242ull << 32) | 4243;
	case BPF_FUNC_get_current_uid_gid:
		return (1000ull << 32) | 1001;
	case BPF_FUNC_get_current_comm:
		snprintf((char *)(uintptr_t)r[1], r[2], "unit");
		return 0;
	case BPF_FUNC_perf_event_output:
		vm->outputs++;
		memcpy(vm->event, (void *)(uintptr_t)r[4], r[5] < sizeof(vm->event) ? r[5] : sizeof(vm->event));
		return (uint64_t)(int64_t)vm->output_rc;
	case BPF_FUNC_probe_read_kernel:
	case BPF_FUNC_probe_read_user:
		/* Only the test's own memory is ever named. */
		memcpy((void *)(uintptr_t)r[1], (void *)(uintptr_t)r[3], r[2]);
		return 0;
	}
	CHECK(0, "helper %d is not emulated", id);
	return (uint64_t)-EINVAL;
}

static uint64_t alu(int op, uint64_t a, uint64_t b, bool *ok)
{
	switch (op) {
	case BPF_ADD: return a + b;
	case BPF_SUB: return a - b;
	case BPF_MUL: return a * b;
	case BPF_DIV: return b ? a / b : 0; /* BPF's rules for zero */
	case BPF_MOD: return b ? a % b : a;
	case BPF_OR: return a | b;
	case BPF_AND: return a & b;
	case BPF_XOR: return a ^ b;
	case BPF_LSH: return a << (b & 63);
	case BPF_RSH: return a >> (b & 63);
	case BPF_ARSH: return (uint64_t)((int64_t)a >> (b & 63));
	case BPF_NEG: return -a;
	case BPF_MOV: return b;
	}
	*ok = false;
	return 0;
}

static bool jump(int op, uint64_t a, uint64_t b, bool *ok)
{
	switch (op) {
	case BPF_JEQ: return a == b;
	case BPF_JNE: return a != b;
	case BPF_JGT: return a > b;
	case BPF_JGE: return a >= b;
	case BPF_JLT: return a < b;
	case BPF_JLE: return a <= b;
	case BPF_JSGT: return (int64_t)a > (int64_t)b;
	case BPF_JSGE: return (int64_t)a >= (int64_t)b;
	case BPF_JSLT: return (int64_t)a < (int64_t)b;
	case BPF_JSLE: return (int64_t)a <= (int64_t)b;
	case BPF_JSET: return a & b;
	}
	*ok = false;
	return false;
}

/* Runs the program on ctx; 0, or -1 (reported) at an instruction the
 * interpreter does not know. */
static int run(const struct tg_program *prog, void *ctx, struct vm *vm)
{
	uint64_t r[11] = { 0 };
	r[1] = (uint64_t)(uintptr_t)ctx;
	r[10] = (uint64_t)(uintptr_t)(vm->stack + sizeof(vm->stack));
	const struct bpf_insn *in = prog->g.insn;
	size_t n = prog->g.n;
	for (size_t pc = 0, steps = 0; pc < n && steps < 100000; pc++, steps++) {
		const struct bpf_insn *i = &in[pc];
		int cls = BPF_CLASS(i->code), op = BPF_OP(i->code), size = BPF_SIZE(i->code);
		uint64_t src = BPF_SRC(i->code) == BPF_X ? r[i->src_reg] : (uint64_t)(int64_t)i->imm;
		uint8_t *mem;
		bool ok = true;
		switch (cls) {
		case BPF_ALU64:
			if ((op == BPF_DIV || op == BPF_MOD) && i->off) {
				CHECK(0, "signed division (cpu v4) at %zu", pc);
				return -1;
			}
			r[i->dst_reg] = alu(op, r[i->dst_reg], src, &ok);
			break;
		case BPF_ALU:
			r[i->dst_reg] = (uint32_t)alu(op, (uint32_t)r[i->dst_reg], (uint32_t)src, &ok);
			break;
		case BPF_LD:
			if (i->code != (BPF_LD | BPF_DW | BPF_IMM) || pc + 1 >= n) {
				CHECK(0, "bad ld at %zu", pc);
				return -1;
			}
			r[i->dst_reg] = (uint64_t)(uint32_t)i->imm | (uint64_t)(uint32_t)in[pc + 1].imm << 32;
			pc++;
			break;
		case BPF_LDX:
			mem = (uint8_t *)(uintptr_t)(r[i->src_reg] + i->off);
			r[i->dst_reg] = size == BPF_B ? *mem : size == BPF_H ? *(uint16_t *)mem
				      : size == BPF_W ? *(uint32_t *)mem : *(uint64_t *)mem;
			break;
		case BPF_ST:
		case BPF_STX: {
			mem = (uint8_t *)(uintptr_t)(r[i->dst_reg] + i->off);
			uint64_t v = cls == BPF_ST ? (uint64_t)(int64_t)i->imm : r[i->src_reg];
			if (BPF_MODE(i->code) == BPF_ATOMIC) {
				if (size != BPF_DW || i->imm != BPF_ADD) {
					CHECK(0, "atomic op %d at %zu", i->imm, pc);
					return -1;
				}
				*(uint64_t *)mem += v;
			} else if (size == BPF_B) {
				*mem = (uint8_t)v;
			} else if (size == BPF_H) {
				*(uint16_t *)mem = (uint16_t)v;
			} else if (size == BPF_W) {
				*(uint32_t *)mem = (uint32_t)v;
			} else {
				*(uint64_t *)mem = v;
			}
			break;
		}
		case BPF_JMP:
		case BPF_JMP32:
			if (op == BPF_EXIT)
				return 0;
			if (op == BPF_CALL) {
				r[0] = helper(vm, i->imm, r);
				break;
			}
			if (op == BPF_JA) {
				pc += i->off;
				break;
			}
			if (cls == BPF_JMP32 ? jump(op, (uint32_t)r[i->dst_reg], (uint32_t)src, &ok)
					     : jump(op, r[i->dst_reg], src, &ok))
				pc += i->off;
			break;
		default:
			ok = false;
		}
		if (!ok) {
			CHECK(0, "instruction 0x%02x at %zu is not emulated", i->code, pc);
			return -1;
		}
	}
	CHECK(0, "the program did not exit");
	return -1;
}

/* A kprobe's pt_regs with these six arguments. */
static void regs(uint8_t ctx[256], const uint64_t args[6])
{
	memset(ctx, 0, 256);
	for (int k = 0; k < 6; k++)
		memcpy(ctx + gen_arg_offset[k], &args[k], 8);
}

/* The trace spec run once on ctx: 1 if it sent an event (its first
 * value in *value), 0 if the predicate said no, -1 on failure. */
static int trace_run(const char *spec, const struct tg_tracepoint *tp, void *ctx, struct vm *vm, uint64_t *value)
{
	char err[512];
	struct ts_probe p;
	if (tracespec_parse_trace(spec, &p, err, sizeof(err))) {
		CHECK(0, "'%s': %s", spec, err);
		return -1;
	}
	struct tg_filters f = { .uid = -1 };
	struct tg_program prog;
	int rc = tg_compile(&p, 0, tp, &f, 80, SCRATCH_FD, EVENTS_FD, DROPS_FD, &prog, err, sizeof(err));
	CHECK(rc == 0, "'%s' not compiled: %s", spec, err);
	int before = vm->outputs;
	if (!rc)
		rc = run(&prog, ctx, vm);
	if (!rc && vm->outputs > before && p.nargs)
		memcpy(value, vm->event + prog.slots[0].offset, 8);
	tg_program_free(&prog);
	tracespec_free(&p);
	return rc ? -1 : vm->outputs > before;
}

static int checked;

/* expr's value under sig's parameters (held in args) must be want, both
 * as a value and as a predicate. */
static void expect(const char *sig, const char *expr, const uint64_t args[6], uint64_t want)
{
	char spec[1024];
	uint8_t ctx[256];
	static struct vm vm;
	uint64_t got = 0;
	regs(ctx, args);
	snprintf(spec, sizeof(spec), "p::f(%s) \"%%llx\", (%s)", sig, expr);
	if (trace_run(spec, NULL, ctx, &vm, &got) == 1)
		CHECK(got == want, "%s: 0x%llx, C says 0x%llx", expr, (unsigned long long)got, (unsigned long long)want);
	snprintf(spec, sizeof(spec), "p::f(%s) (%s)", sig, expr);
	int sent = trace_run(spec, NULL, ctx, &vm, &got);
	CHECK(sent == (want != 0), "predicate (%s): %s, C says %s", expr, sent ? "true" : "false", want ? "true" : "false");
	checked++;
}

/* BCC's argN are the argument registers as unsigned long; the signature
 * types its parameter names.  The registers hold junk above a narrow
 * parameter, as they may. */
static void integers(void)
{
	const uint64_t R[6] = { 0x12345678fffffffbull, 0xfffffffffffffff9ull, 0xabcdef00fffffff0ull,
				0x00000000cafefffdull, 0x11111111111111c8ull, 0xfffffffffffffffeull };
	unsigned long arg1 = R[0], arg2 = R[1], arg3 = R[2], arg5 = R[4], arg6 = R[5];
	int fd = (int)R[0];
	long off = (long)R[1];
	unsigned int u = (unsigned int)R[2];
	short s = (short)R[3];
	unsigned char b = (unsigned char)R[4];
	unsigned long ul = R[5];
#define SIG "int fd, long off, unsigned int u, short s, unsigned char b, unsigned long ul"
#define E(x) expect(SIG, #x, R, (uint64_t)(x))
	/* Comparisons: BCC's lseek example, then every mix of types. */
	E(arg2 > 100);
	E(arg2 < 100);
	E(arg1 < 0x100000000);
	E(arg3 <= 0xffffffff);
	E(off > 100);
	E(off < 0);
	E(fd < 0);
	E(fd < 0u);
	E(fd < 0UL);
	E(off < 0U);
	E(u > 0);
	E(u > -1);
	E(u > -1L);
	E(u >= 4294967280);
	E(u == -16);
	E(s < b);
	E(s < u);
	E(s == -3);
	E(ul > 0x7fffffffffffffff);
	E(ul == -2);
	E(b == 200);
	E(b == -56);
	E((char)b == -56);
	E((signed char)arg5 < 0);
	E((int)arg2 < 0);
	E((long)arg2 < 0);
	E((int)arg2 >= -7);
	E((unsigned int)fd == 0xfffffffb);
	E(fd == 0xfffffffb);
	E(fd == 4294967291);
	E(-1 < 0U);
	E(-1 < 0);
	E(-1L < 0U);
	E(-1L < 0UL);
	E(100 > 99U);
	E(0xffffffff == -1);
	E(0x80000000 > 0);
	E(-0x80000000 > 0);
	E(2147483648 == -2147483648);
	/* Division and modulo: toward zero when signed. */
	E(fd / 2);
	E(fd % 3);
	E(off / -2);
	E(off % -2);
	E(off / 2);
	E(off % 4);
	E(-off / 2);
	E(u / 2);
	E(u % 7);
	E(ul / -2);
	E(arg2 / 2);
	E(arg2 % 10);
	E(fd / 2U);
	E(fd % 10U);
	E(s / 2);
	E(s % 2);
	E(10 / -3);
	E(-10 % 3);
	E((int)u / 4);
	E(off / fd);
	E(u / fd);
	/* Shifts: arithmetic for a signed left side, of the promoted left type. */
	E(off >> 1);
	E(fd >> 1);
	E(s >> 1);
	E(u >> 4);
	E(arg2 >> 60);
	E((long)arg2 >> 60);
	E(b << 20);
	E(u << 4);
	E(1u << 31);
	E(1L << 40);
	E(fd >> 1U);
	/* Arithmetic wraps at the type's width. */
	E(u + 0x20);
	E(u * 2);
	E(u + fd);
	E(u + off);
	E(u - 0xfffffff1);
	E((u - 0xfffffff1) > 0);
	E(0xffffffff + 1);
	E(fd + 10);
	E(fd - 10);
	E(fd * fd);
	E(b * 2 > 255);
	E((unsigned char)(b * 2));
	E((short)u);
	E((int)u);
	E(s + b);
	E(fd & 0xff);
	E(s & 0xffff);
	E(fd ^ -1);
	E((fd | 0) < 0);
	E(-u);
	E(-fd);
	E(~b);
	E(-b);
	E(~u);
	E(~0);
	E(~0u);
	E(~0 == 0xffffffff);
	/* Logic, bool. */
	E(!fd);
	E(!!fd);
	E(!0);
	E(fd && off);
	E(0 || u);
	E((bool)(arg1 & 0x100));
	E((unsigned char)(arg1 & 0x100));
	E((_Bool)u + 1);
	/* A decimal too big for long is unsigned long (C would warn). */
	expect(SIG, "arg6 == 18446744073709551614", R, 1);
	expect(SIG, "18446744073709551615 > 0", R, 1);
#undef E
#undef SIG
	(void)arg1, (void)arg5, (void)arg6;
}

/* Pointers: arithmetic steps by the pointee's size, comparisons are
 * unsigned, a pointer minus a pointer counts elements. */
static void pointers(void)
{
	int iv[4] = { -1, 7, -300, 40 };
	long lv[3] = { -5, 6, 7 };
	char cv[4] = "abc";
	int *ip = iv;
	long *lp = lv;
	char *cp = cv;
	void *vp = cv;
	int n = 2;
	const uint64_t R[6] = { (uintptr_t)ip, (uintptr_t)lp, (uintptr_t)cp, (uintptr_t)vp, 0xffffffff00000002ull, 0 };
#define SIG "int *ip, long *lp, char *cp, void *vp, int n"
#define P(x) expect(SIG, #x, R, (uint64_t)(x))
	P(ip + 1);
	P(ip + n);
	P(n + ip);
	P(ip - 1 + 2);
	P(lp + 2);
	P(cp + 3);
	P(vp + 3);
	P(*(ip + 1));
	P(*ip < 0);
	P(*ip < 0u);
	P(ip[n] / 7);
	P(lp[0] % 3);
	P(*(lp + 1) > 5);
	P((ip + 3) - ip);
	P(ip - (ip + 3));
	P((lp + 2) - lp);
	P(ip == 0);
	P(cp[1] == 98);
	P(*cp + 1);
#undef P
#undef SIG
}

/* Tracepoint fields have their declared types at the format's sizes, as
 * in BCC: sys_enter_lseek's off_t offset is signed though the format says
 * signed:0 (syscall tracepoints say so of every argument), so
 * args->offset > 100 is false for -1, unless the literal is unsigned long;
 * its unsigned int fd is 8 bytes there, so unsigned long. */
static void fields(void)
{
	struct tg_tracepoint tp = { .nfields = 5 };
	tp.fields[0] = (struct tg_field){ "fd", "unsigned int", 16, 8, false, false };
	tp.fields[1] = (struct tg_field){ "offset", "off_t", 24, 8, false, false };
	tp.fields[2] = (struct tg_field){ "whence", "unsigned int", 32, 4, false, false };
	tp.fields[3] = (struct tg_field){ "small", "short", 36, 2, true, false };
	tp.fields[4] = (struct tg_field){ "sig", "int", 40, 4, true, false };
	struct {
		uint8_t head[16];
		unsigned long fd;
		long offset;
		unsigned int whence;
		short small;
		short pad;
		int sig;
	} rec = { .fd = 3, .offset = -1, .whence = 1, .small = -2, .sig = -9 };
	static struct vm vm;
	static const struct {
		const char *pred;
		int want;
	} cases[] = {
		{ "args->offset > 100", 0 },   { "args->offset > 100UL", 1 }, { "args->offset > 100U", 0 },
		{ "args->offset < 0", 1 },     { "args->fd > -1", 0 },	       { "args->fd > -1L", 0 },
		{ "args->small < args->fd", 0 }, { "args->small < 0", 1 },     { "args->small / 2 == -1", 1 },
		{ "args->offset / 2 == 0", 1 }, { "args->whence - 2 > 0", 1 }, { "(long)(args->whence - 2) < 0", 0 },
		{ "args->fd - 4 > 0", 1 },     { "args->whence > -1L", 1 },     { "args->sig < args->whence", 0 }, { "args->sig < 0", 1 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char spec[256];
		uint64_t v;
		snprintf(spec, sizeof(spec), "t:syscalls:sys_enter_lseek (%s)", cases[i].pred);
		int sent = trace_run(spec, &tp, &rec, &vm, &v);
		CHECK(sent == cases[i].want, "tracepoint (%s): %d, C says %d", cases[i].pred, sent, cases[i].want);
	}
	/* The oracle for the table above. */
	CHECK(!(rec.offset > 100) && rec.offset > 100UL && !(rec.offset > 100U) && !(rec.fd > -1) && !(rec.fd > -1L) && rec.whence > -1L &&
		      !(rec.small < rec.fd) && rec.whence - 2 > 0 && !((long)(rec.whence - 2) < 0) && rec.fd - 4 > 0 &&
		      !(rec.sig < rec.whence) && rec.sig < 0,
	      "the C compiler disagrees with the tracepoint table");
}

/* An event the perf buffer refuses is counted in the drops map. */
static void drops(void)
{
	static struct vm vm;
	uint8_t ctx[256];
	const uint64_t args[6] = { 1 };
	uint64_t v;
	regs(ctx, args);
	vm.output_rc = 0;
	CHECK(trace_run("p::f \"%d\", arg1", NULL, ctx, &vm, &v) == 1 && vm.drops == 0, "a sent event counted as lost");
	vm.output_rc = -ENOSPC;
	for (int i = 0; i < 3; i++)
		trace_run("p::f \"%d\", arg1", NULL, ctx, &vm, &v);
	CHECK(vm.drops == 3, "3 events the buffer refused, %llu counted", (unsigned long long)vm.drops);
	/* A predicate that says no sends nothing and loses nothing. */
	trace_run("p::f (arg1 == 2)", NULL, ctx, &vm, &v);
	CHECK(vm.drops == 3, "a filtered event counted as lost");
}

/* argdist: the filter and the key under the signature's types. */
static void argdist(void)
{
	static const struct {
		const char *spec;
		uint64_t off;
		bool counted;
		uint64_t key;
	} cases[] = {
		{ "p::lseek(int fd, unsigned long off, int whence):unsigned long:off:off > 100", -1ull, true, -1ull },
		{ "p::lseek(int fd, unsigned long off, int whence):unsigned long:off:off > 100", 50, false, 0 },
		{ "p::lseek(int fd, long off, int whence):long:off:off > 100", -1ull, false, 0 },
		{ "p::lseek(int fd, long off, int whence):long:off:off < 0", -1ull, true, -1ull },
		{ "p::lseek(int fd, long off, int whence):int:off / 2:off < 0", -7ull, true, -3ull },
		{ "p::lseek(int fd, unsigned long off, int whence):u32:off >> 62:off > 100", -1ull, true, 3 },
		{ "p::lseek(int fd, long off, int whence):s32:off >> 62:off < 100", -1ull, true, -1ull },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char err[512];
		struct ts_probe p;
		struct tg_argdist a;
		struct tg_program prog;
		struct tg_filters f = { .uid = -1 };
		static struct vm vm;
		memset(&vm, 0, sizeof(vm));
		vm.argdist = true;
		if (tracespec_parse_argdist(cases[i].spec, &p, err, sizeof(err)) ||
		    tg_argdist_layout(&p, false, 80, &a, err, sizeof(err)) ||
		    tg_compile_argdist(&p, NULL, &f, &a, 80, SCRATCH_FD, TABLE_FD, ENTRY_FD, &prog, err, sizeof(err))) {
			CHECK(0, "'%s': %s", cases[i].spec, err);
			continue;
		}
		uint8_t ctx[256];
		const uint64_t args[6] = { 3, cases[i].off, 1 };
		regs(ctx, args);
		if (!run(&prog, ctx, &vm)) {
			uint64_t key;
			memcpy(&key, vm.key, 8);
			CHECK((vm.count == 1) == cases[i].counted, "'%s' with off 0x%llx: %s", cases[i].spec,
			      (unsigned long long)cases[i].off, vm.count ? "counted" : "not counted");
			CHECK(!cases[i].counted || key == cases[i].key, "'%s': key 0x%llx, want 0x%llx", cases[i].spec,
			      (unsigned long long)key, (unsigned long long)cases[i].key);
		}
		tg_program_free(&prog);
		tracespec_free(&p);
	}
}

/* Division by zero.  A constant zero divisor, however it is written, is
 * refused where the operator is; a run-time one gives BPF's results, which
 * C leaves undefined (so no oracle here): x / 0 is 0 and x % 0 is x, signed
 * or not, and the one signed overflow wraps: LONG_MIN / -1 is LONG_MIN and
 * LONG_MIN % -1 is 0, INT_MIN / -1 INT_MIN. */
static void division(void)
{
	static const struct {
		const char *kind, *spec;
		int column;
	} zero[] = {
		{ "trace", "p::f \"%d\", arg1 / 0", 17 },
		{ "trace", "p::f \"%d\", arg1 % 0", 17 },
		{ "trace", "p::f (arg1 / (1 - 1))", 12 },
		{ "trace", "p::f (arg1 % -(2 * 3 - 6))", 12 },
		{ "trace", "p::f (arg1 / ('a' - 97))", 12 },
		{ "trace", "p::f (arg1 / (0 && arg2))", 12 },
		{ "trace", "p::f (arg1 / !1)", 12 },
		/* 0x100000000 is a long; as an int it is 0. */
		{ "trace", "p::f ((long)arg1 / (int)0x100000000)", 18 },
		{ "trace", "p::f (arg1 / (0xffffffffu + 1))", 12 },
		{ "trace", "p::f (arg1 / (1 >> 1) + 1)", 12 },
		{ "argdist", "p::f(long x):long:x % (4 - 4)", 21 },
		{ "argdist", "p::f(long x):long:x:x / 0 > 1", 23 },
	};
	for (size_t i = 0; i < sizeof(zero) / sizeof(zero[0]); i++) {
		char err[512] = "", want[64];
		struct ts_probe p;
		struct tg_program prog;
		struct tg_filters f = { .uid = -1 };
		bool trace = !strcmp(zero[i].kind, "trace");
		int rc = trace ? tracespec_parse_trace(zero[i].spec, &p, err, sizeof(err))
			       : tracespec_parse_argdist(zero[i].spec, &p, err, sizeof(err));
		CHECK(!rc, "'%s' does not parse: %s", zero[i].spec, err);
		if (rc)
			continue;
		if (trace) {
			rc = tg_compile(&p, 0, NULL, &f, 80, SCRATCH_FD, EVENTS_FD, DROPS_FD, &prog, err, sizeof(err));
		} else {
			struct tg_argdist a;
			rc = tg_argdist_layout(&p, false, 80, &a, err, sizeof(err)) ||
			     tg_compile_argdist(&p, NULL, &f, &a, 80, SCRATCH_FD, TABLE_FD, ENTRY_FD, &prog, err, sizeof(err));
		}
		snprintf(want, sizeof(want), " is a constant 0 (column %d)", zero[i].column);
		CHECK(rc && !strncmp(err, "division by zero: the right side of '", 37) && strstr(err, want) &&
			      !strchr(err, '\n'),
		      "'%s': %s", zero[i].spec, rc ? err : "compiled");
		tg_program_free(&prog);
		tracespec_free(&p);
	}
	/* Constants that are not zero, however near. */
	static const char *const nonzero[] = { "p::f (arg1 / 0x100000000)", "p::f (arg1 % (0 || arg2))",
					       "p::f (arg1 / (1 - 2))", "p::f (arg1 / arg2)", NULL };
	for (int i = 0; nonzero[i]; i++) {
		char err[512];
		struct ts_probe p;
		struct tg_program prog;
		struct tg_filters f = { .uid = -1 };
		CHECK(!tracespec_parse_trace(nonzero[i], &p, err, sizeof(err)) &&
			      !tg_compile(&p, 0, NULL, &f, 80, SCRATCH_FD, EVENTS_FD, DROPS_FD, &prog, err, sizeof(err)),
		      "'%s' refused: %s", nonzero[i], err);
		tg_program_free(&prog);
		tracespec_free(&p);
	}

	const uint64_t LMIN = 1ull << 63, M1 = ~0ull, IMIN = 0xffffffff80000000ull;
	const uint64_t by0[6] = { 0xfffffffffffffff9ull, 0 }, lmin[6] = { LMIN, M1 };
	const uint64_t imin[6] = { 0x1234567880000000ull, 0xabcdffffffffffffull };
	/* Unsigned: argN are unsigned long. */
	expect("", "arg1 / arg2", by0, 0);
	expect("", "arg1 % arg2", by0, 0xfffffffffffffff9ull);
	/* Signed, 64 and 32 bits. */
	expect("long x, long y", "x / y", by0, 0);
	expect("long x, long y", "x % y", by0, (uint64_t)-7);
	expect("int x, int y", "x / y", by0, 0);
	expect("int x, int y", "x % y", by0, (uint64_t)-7);
	expect("long x, long y", "x / y", lmin, LMIN);
	expect("long x, long y", "x % y", lmin, 0);
	expect("long x, long y", "x / y == x", lmin, 1);
	expect("int x, int y", "x / y", imin, IMIN);
	expect("int x, int y", "x % y", imin, 0);
	expect("int x, int y", "(x / y) + 0L", imin, IMIN);
	/* The same for constants folded at run time: no refusal, same value. */
	expect("long x", "x / (long)-1", lmin, LMIN);
	expect("", "(-9223372036854775807L - 1) / (long)arg2", lmin, LMIN);
}

/* What BPF's jumps cannot express is refused: a 16-bit offset that did
 * not fit was cut and jumped elsewhere, and running out of labels said
 * "out of memory". */
static void jumps(void)
{
	for (int over = 32767; over <= 32768; over++) {
		struct bpfgen g;
		bg_init(&g);
		int l = bg_label(&g);
		bg_ja(&g, l);
		for (int i = 0; i < over; i++)
			bg_mov_imm(&g, 0, i);
		bg_place(&g, l);
		bg_exit(&g);
		int rc = bg_finish(&g);
		CHECK(over == 32767 ? rc == 0 && g.insn[0].off == 32767 : rc == -E2BIG, "a jump over %d instructions: %d",
		      over, rc);
		bg_free(&g);
	}
	/* 70 comparisons joined by || take some 280 labels. */
	static char spec[2048];
	int len = snprintf(spec, sizeof(spec), "p::f (arg1 == 0");
	for (int i = 1; i < 70; i++)
		len += snprintf(spec + len, sizeof(spec) - len, " || arg1 == %d", i);
	snprintf(spec + len, sizeof(spec) - len, ")");
	char err[512] = "";
	struct ts_probe p;
	struct tg_program prog;
	struct tg_filters f = { .uid = -1 };
	CHECK(!tracespec_parse_trace(spec, &p, err, sizeof(err)), "%s", err);
	int rc = tg_compile(&p, 0, NULL, &f, 80, SCRATCH_FD, EVENTS_FD, DROPS_FD, &prog, err, sizeof(err));
	CHECK(rc && strstr(err, "the program would be too big for BPF's jumps (over 256 branches"), "70 ||: %s",
	      rc ? err : "compiled");
	tg_program_free(&prog);
	tracespec_free(&p);
}

/* Literal suffixes C allows parse; others are refused. */
static void literals(void)
{
	static const char *const good[] = { "1u", "1U", "1l", "1L", "1ul", "1lu", "1ULL", "1llu", "0x10uL", NULL };
	static const char *const bad[] = { "1uu", "1lL", "1lul", "1ux", "1lll", NULL };
	char spec[64], err[512];
	struct ts_probe p;
	for (int i = 0; good[i]; i++) {
		snprintf(spec, sizeof(spec), "p::f (arg1 > %s)", good[i]);
		CHECK(!tracespec_parse_trace(spec, &p, err, sizeof(err)), "'%s' refused: %s", good[i], err);
		tracespec_free(&p);
	}
	for (int i = 0; bad[i]; i++) {
		snprintf(spec, sizeof(spec), "p::f (arg1 > %s)", bad[i]);
		int rc = tracespec_parse_trace(spec, &p, err, sizeof(err));
		CHECK(rc && strstr(err, "bad number"), "'%s' accepted", bad[i]);
		if (!rc)
			tracespec_free(&p);
	}
}

int main(void)
{
	integers();
	pointers();
	fields();
	drops();
	argdist();
	division();
	jumps();
	literals();
	printf("%d expressions checked against C\n", checked);
	if (failures)
		printf("%d failures\n", failures);
	return failures != 0;
}
