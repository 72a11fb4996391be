/* trace and argdist spec grammar: BCC's own examples parse into the right
 * trees; every line of data/bad_specs.txt is refused with one line that
 * says where. */
#include "core/compiler/dynprobe.h"
#include "core/compiler/tracegen.h"
#include "core/compiler/tracespec.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test/unit/check.h"

static const char *const good_trace[] = {
	"do_sys_open",
	"kfree_skb+0x12",
	"do_sys_open \"%s\", arg2@user",
	"sys_read (arg3 > 20000) \"read %d bytes\", arg3",
	"r::do_sys_open \"%llx\", retval",
	"c:open (arg2 == 42) \"%s %d\", arg1, arg2",
	"c:malloc \"size = %d\", arg1",
	"p:c:write (arg1 == 1) \"writing %d bytes to STDOUT\", arg3",
	"r::__kmalloc (retval == 0) \"kmalloc failed!\"",
	"r:c:malloc (retval) \"allocated = %x\", retval",
	"t:block:block_rq_complete \"sectors=%d\", args->nr_sector",
	"u:pthread:pthread_create (arg4 != 0)",
	"u:pthread:libpthread:pthread_create (arg4 != 0)",
	"p::SyS_nanosleep(struct timespec *ts) \"sleep for %lld ns\", ts->tv_nsec",
	"mntns_install \"users = %d\", $task->fs->users",
	"do_nanosleep(struct hrtimer_sleeper *t) \"task: %x\", t->task",
	"r::do_sys_openat2 \"ret: %d\", retval",
	"t:syscalls:sys_enter_openat \"%s\", args->filename",
	"do_sys_open (STRCMP(\"bash\", arg2) && $pid != 1 || !(arg3 & 0x40)) \"%s %d %c\", arg2, $tgid, 65",
	"do_sys_open ((int)arg3 < -1 && arg1[2] == 3) \"%K %U %%\", arg1, arg2",
	NULL,
};

static const char *const good_argdist[] = {
	"p::__kmalloc(u64 size):u64:size",
	"r:c:gets():char*:(char*)$retval#snooped strings",
	"r::__kmalloc(size_t size):u64:$latency/$entry(size)#ns per byte",
	"p::__kmalloc(size_t sz, gfp_t flags):size_t:sz:flags&GFP_ATOMIC",
	"r::__vfs_read():u32:$PID:$latency > 100000",
	"r::__vfs_read():u32:$COMM:$latency > 100000",
	"r::__vfs_read(void *file, void *buf, size_t count):size_t:$entry(count):$latency > 1000000",
	"p:c:fork()#fork calls",
	"t:block:block_rq_complete():u32:args->nr_sector",
	"t:irq:irq_handler_entry():int:args->irq",
	"u:pthread:pthread_start():u64:arg2",
	"p:c:sleep(u32 seconds):u32:seconds",
	"p:c:write(int fd, const void *buf, size_t count):int,size_t:fd,count",
	"p:c:malloc(size_t size):size_t:size",
	NULL,
};

static void good(void)
{
	char err[512];
	struct ts_probe p;
	for (int i = 0; good_trace[i]; i++) {
		int rc = tracespec_parse_trace(good_trace[i], &p, err, sizeof(err));
		CHECK(rc == 0, "trace '%s': %s", good_trace[i], err);
		tracespec_free(&p);
	}
	for (int i = 0; good_argdist[i]; i++) {
		int rc = tracespec_parse_argdist(good_argdist[i], &p, err, sizeof(err));
		CHECK(rc == 0, "argdist '%s': %s", good_argdist[i], err);
		tracespec_free(&p);
	}

	/* The trees, for a few. */
	CHECK(!tracespec_parse_trace("p::SyS_nanosleep(struct timespec *ts) \"%lld\", ts->tv_nsec", &p, err,
				     sizeof(err)),
	      "%s", err);
	CHECK(p.kind == TS_KPROBE && !p.lib && !strcmp(p.func, "SyS_nanosleep") && p.nparams == 1 &&
		      !strcmp(p.params[0].type, "struct timespec *") && !strcmp(p.params[0].name, "ts"),
	      "signature");
	CHECK(p.nargs == 1 && p.args[0]->kind == TN_MEMBER && p.args[0]->arrow && !strcmp(p.args[0]->name, "tv_nsec") &&
		      p.args[0]->lhs->kind == TN_IDENT && !strcmp(p.args[0]->lhs->name, "ts"),
	      "ts->tv_nsec");
	tracespec_free(&p);

	CHECK(!tracespec_parse_trace("u:pthread:libpthread:pthread_create (arg4 != 0 && arg1 < 2 || 3)", &p, err,
				     sizeof(err)),
	      "%s", err);
	CHECK(p.kind == TS_USDT && !strcmp(p.lib, "pthread") && !strcmp(p.provider, "libpthread") &&
		      !strcmp(p.func, "pthread_create"),
	      "usdt parts");
	/* || binds looser than &&, which binds looser than != and <. */
	struct ts_node *e = p.predicate;
	CHECK(e && e->kind == TN_BINARY && !strcmp(e->op, "||") && !strcmp(e->lhs->op, "&&") &&
		      !strcmp(e->lhs->lhs->op, "!=") && !strcmp(e->lhs->rhs->op, "<") && e->rhs->num == 3,
	      "precedence");
	tracespec_free(&p);

	CHECK(!tracespec_parse_trace("kfree_skb+0x12", &p, err, sizeof(err)) && p.offset == 0x12 &&
		      !strcmp(p.func, "kfree_skb"),
	      "offset");
	tracespec_free(&p);

	CHECK(!tracespec_parse_argdist("r::__kmalloc(size_t size):u64:$latency/$entry(size)#ns per byte", &p, err,
				       sizeof(err)),
	      "%s", err);
	CHECK(p.kind == TS_KRETPROBE && p.ntypes == 1 && !strcmp(p.types[0], "u64") && p.nexprs == 1 &&
		      !strcmp(p.exprs[0]->op, "/") && p.exprs[0]->lhs->kind == TN_VAR &&
		      !strcmp(p.exprs[0]->rhs->name, "entry") && !strcmp(p.exprs[0]->rhs->lhs->name, "size") &&
		      !strcmp(p.label, "ns per byte"),
	      "argdist tree");
	tracespec_free(&p);

	/* String literals: C escapes decoded, spaces kept, a NUL counted. */
	CHECK(!tracespec_parse_trace("do_sys_open (STRCMP(\" a\\x41\\102\\n\\\"\\0z\", arg2))", &p, err,
				     sizeof(err)),
	      "%s", err);
	CHECK(p.predicate && p.predicate->kind == TN_STRCMP && p.predicate->rhs->num == 8 &&
		      !memcmp(p.predicate->rhs->name, " aAB\n\"\0z", 8),
	      "escapes: %llu bytes", p.predicate ? (unsigned long long)p.predicate->rhs->num : 0ULL);
	tracespec_free(&p);

	/* kaddr("name"): the name kept for the code generator to resolve. */
	CHECK(!tracespec_parse_trace("do_sys_open (arg1 == kaddr( \"vfs_read\" )) \"%llx\", kaddr(\"jiffies\")", &p,
				     err, sizeof(err)),
	      "%s", err);
	CHECK(p.predicate && p.predicate->rhs && p.predicate->rhs->kind == TN_KADDR &&
		      !strcmp(p.predicate->rhs->name, "vfs_read") && p.args[0]->kind == TN_KADDR &&
		      !strcmp(p.args[0]->name, "jiffies"),
	      "kaddr nodes");
	tracespec_free(&p);

	CHECK(!tracespec_parse_argdist("r:c:gets():char*:(char*)$retval", &p, err, sizeof(err)) &&
		      p.exprs[0]->kind == TN_CAST && !strcmp(p.exprs[0]->name, "char*"),
	      "cast");
	tracespec_free(&p);
}

static void bad(void)
{
	FILE *f = fopen(TEST_SOURCE_DIR "/unit/data/bad_specs.txt", "r");
	CHECK(f, "cannot read bad_specs.txt");
	if (!f)
		return;
	char line[1024];
	int n = 0;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = 0;
		char *tab = strchr(line, '\t');
		if (line[0] == '#' || !tab)
			continue;
		*tab = 0;
		const char *spec = tab + 1;
		char err[512] = "";
		struct ts_probe p;
		int rc = !strcmp(line, "trace") ? tracespec_parse_trace(spec, &p, err, sizeof(err))
						: tracespec_parse_argdist(spec, &p, err, sizeof(err));
		n++;
		CHECK(rc < 0, "%s '%s' was accepted", line, spec);
		if (rc == 0) {
			tracespec_free(&p);
			continue;
		}
		CHECK(err[0] && !strchr(err, '\n') && strstr(err, " at column "), "%s '%s': message '%s'", line, spec,
		      err);
		if (getenv("VERBOSE"))
			printf("%s: %s\n", line, err);
	}
	fclose(f);
	CHECK(n >= 100, "only %d malformed specs", n);
	printf("%d malformed specs refused, each with one line\n", n);
}

/* What used to be dropped, cut or misread: each refused in one line that
 * ends with the column and the spec (the message names the fault). */
static const struct {
	const char *kind, *spec, *msg;
	int column;
} refusals[] = {
	/* An unterminated string or character literal swallowed the rest:
	 * the last argument, or argdist's whole filter. */
	{ "trace", "t:syscalls:sys_enter_write \"%d\", 1, \"", "unterminated string", 37 },
	{ "trace", "do_sys_open \"%d\", 'a", "unterminated character literal", 19 },
	{ "trace", "do_sys_open (arg1 == 'a) \"%d\", arg1", "unterminated character literal", 22 },
	{ "trace", "do_sys_open (STRCMP(\"abc, arg2))", "unterminated string", 21 },
	{ "trace", "do_sys_open (STRCMP(\"a\\\", arg2))", "unterminated string", 21 },
	{ "trace", "do_sys_open \"%d\\\"", "unterminated string", 13 },
	{ "argdist", "p:c:malloc(size_t size):size_t:size:size==\"abc", "unterminated string", 43 },
	{ "argdist", "p:c:malloc(size_t size):size_t:size:size == 'a", "unterminated character literal", 45 },
	{ "argdist", "p:c:malloc(size_t size):size_t:size:STRCMP(\"a#b, size)#x", "unterminated string", 44 },
	/* Brackets: each closed by its own kind. */
	{ "trace", "do_sys_open (arg1[2) == 1)", "')' cannot close the '[' of column 18 (']' expected)", 20 },
	{ "trace", "do_sys_open (arg1 == 1))", "')' closes nothing", 24 },
	{ "trace", "do_sys_open ((arg1 == 1)", "'(' is never closed", 13 },
	{ "trace", "do_sys_open \"%d\", (arg1", "'(' is never closed", 19 },
	{ "trace", "do_sys_open \"%d\", arg1]", "']' closes nothing", 23 },
	{ "argdist", "p:c:malloc(size_t size):size_t:(size]", "']' cannot close the '(' of column 32", 37 },
	{ "argdist", "p:c:malloc(size_t size:size_t:size", "'(' is never closed", 11 },
	/* Empty expressions and trailing commas point at the comma. */
	{ "trace", "do_sys_open \"%d\", arg1,", "nothing after the last ',' of the format arguments", 23 },
	{ "trace", "do_sys_open \"%d %d\", arg1, , arg2", "format argument expected before ','", 28 },
	{ "argdist", "p:c:malloc(size_t size):size_t,size_t:size,", "nothing after the last ',' of the expressions", 43 },
	{ "argdist", "p:c:malloc(size_t size):size_t,size_t:,size", "expression expected before ','", 39 },
	/* Character literals hold one character. */
	{ "trace", "do_sys_open ('ab')", "a character literal holds one character", 14 },
	{ "trace", "do_sys_open ('')", "empty character literal", 14 },
	{ "trace", "do_sys_open ('\\q')", "bad escape in a character literal", 15 },
	/* kaddr takes one string literal. */
	{ "trace", "do_sys_open (kaddr(vfs_read) == arg1)", "kaddr takes a kernel symbol's name as a string", 14 },
	{ "trace", "do_sys_open (kaddr(\"\") == arg1)", "kaddr takes a kernel symbol's name as a string", 14 },
	{ "trace", "do_sys_open (kaddr(\"a\", 1) == arg1)", "kaddr takes a kernel symbol's name as a string", 14 },
	/* strtoull took a sign. */
	{ "trace", "do_sys_open+-1", "bad offset '+-1'", 1 },
};

static void refused(void)
{
	for (size_t i = 0; i < sizeof(refusals) / sizeof(refusals[0]); i++) {
		const char *spec = refusals[i].spec;
		char err[512] = "", tail[600];
		struct ts_probe p;
		bool trace = !strcmp(refusals[i].kind, "trace");
		int rc = trace ? tracespec_parse_trace(spec, &p, err, sizeof(err))
			       : tracespec_parse_argdist(spec, &p, err, sizeof(err));
		CHECK(rc == -EINVAL, "%s '%s' was accepted", refusals[i].kind, spec);
		if (!rc) {
			tracespec_free(&p);
			continue;
		}
		snprintf(tail, sizeof(tail), " at column %d of '%s'", refusals[i].column, spec);
		size_t n = strlen(err), t = strlen(tail);
		CHECK(!strncmp(err, refusals[i].msg, strlen(refusals[i].msg)) && n > t && !strcmp(err + n - t, tail) &&
			      !strchr(err, '\n'),
		      "'%s': '%s', expected '%s...%s'", spec, err, refusals[i].msg, tail);
	}
}

/* 64 levels of brackets or unary operators parse; one more is refused
 * (100,000 of them overflowed the stack).  So with 1024 nodes. */
static void limits(void)
{
	static char spec[8192];
	char err[512];
	struct ts_probe p;
	for (int more = 0; more < 2; more++) {
		int n = 63 + more; /* the predicate's own '(' is the 64th */
		int len = snprintf(spec, sizeof(spec), "do_sys_open (");
		for (int i = 0; i < n; i++)
			spec[len++] = '(';
		spec[len++] = '1';
		for (int i = 0; i < n + 1; i++)
			spec[len++] = ')';
		spec[len] = 0;
		int rc = tracespec_parse_trace(spec, &p, err, sizeof(err));
		CHECK(more ? rc && strstr(err, "brackets nested more than 64 deep at column 77 ") : !rc,
		      "%d nested '(': %s", n + 1, rc ? err : "accepted");
		if (!rc)
			tracespec_free(&p);

		len = snprintf(spec, sizeof(spec), "do_sys_open (");
		for (int i = 0; i < n; i++)
			spec[len++] = '-';
		snprintf(spec + len, sizeof(spec) - len, "1)");
		rc = tracespec_parse_trace(spec, &p, err, sizeof(err));
		CHECK(more ? rc && strstr(err, "the expression nests more than 64 deep at column 78 ") : !rc,
		      "%d unary '-': %s", n, rc ? err : "accepted");
		if (!rc)
			tracespec_free(&p);

		/* 512 ones and 511 '+' are 1023 nodes, then 1025. */
		len = snprintf(spec, sizeof(spec), "do_sys_open (1");
		for (int i = 1; i < 512 + more; i++)
			len += snprintf(spec + len, sizeof(spec) - len, "+1");
		snprintf(spec + len, sizeof(spec) - len, ")");
		rc = tracespec_parse_trace(spec, &p, err, sizeof(err));
		CHECK(more ? rc && strstr(err, "more than 1024 operators and operands") : !rc, "%d terms: %s",
		      512 + more, rc ? err : "accepted");
		if (!rc)
			tracespec_free(&p);
	}
	/* What no length limit would survive: 100,000 levels. */
	char *deep = malloc(200020);
	CHECK(deep, "malloc");
	if (!deep)
		return;
	int len = sprintf(deep, "do_sys_open (");
	memset(deep + len, '(', 100000);
	deep[len + 100000] = '1';
	memset(deep + len + 100001, ')', 100001);
	deep[len + 200002] = 0;
	CHECK(tracespec_parse_trace(deep, &p, err, sizeof(err)) == -EINVAL, "100000 '(' accepted");
	memset(deep + len, '-', 100000);
	strcpy(deep + len + 100000, "1)");
	CHECK(tracespec_parse_trace(deep, &p, err, sizeof(err)) == -EINVAL, "100000 '-' accepted");
	free(deep);
}

/* Quotes, colons, commas and '#' where they are text, not syntax. */
static void quoting(void)
{
	char err[512];
	struct ts_probe p;
	CHECK(!tracespec_parse_argdist("p:c:malloc(size_t size):size_t:size:size == ':'", &p, err, sizeof(err)),
	      "%s", err);
	CHECK(p.filter && p.filter->kind == TN_BINARY && p.filter->rhs->kind == TN_NUM && p.filter->rhs->num == ':' &&
		      p.filter->rhs->num_size == 4 && p.filter->rhs->num_signed,
	      "':' in a character literal");
	tracespec_free(&p);

	CHECK(!tracespec_parse_trace("do_sys_open (arg1 == '\\n' || arg2 == '\\xff') \"%c\", ','", &p, err,
				     sizeof(err)),
	      "%s", err);
	CHECK(p.predicate && p.predicate->lhs->rhs->num == 10 && p.predicate->rhs->rhs->num == UINT64_MAX &&
		      p.nargs == 1 && p.args[0]->kind == TN_NUM && p.args[0]->num == ',',
	      "'\\n', '\\xff' (a signed char), ','");
	tracespec_free(&p);

	CHECK(!tracespec_parse_argdist("p:c:malloc(size_t size):size_t:size:STRCMP(\"a#b\", arg1)#bob's (reads", &p,
				       err, sizeof(err)),
	      "%s", err);
	CHECK(p.filter && p.filter->kind == TN_STRCMP && !strcmp(p.filter->rhs->name, "a#b") && p.label &&
		      !strcmp(p.label, "bob's (reads"),
	      "'#' in a string, quote and bracket in the label: '%s'", p.label ? p.label : "");
	tracespec_free(&p);

	/* The format as written: BCC prints its spaces. */
	CHECK(!tracespec_parse_trace("do_sys_open \"  %d (\\\"x\\\")  \", arg1", &p, err, sizeof(err)), "%s", err);
	CHECK(p.format && !strcmp(p.format, "  %d (\\\"x\\\")  "), "format '%s'", p.format ? p.format : "");
	tracespec_free(&p);

	/* C's casts: of a unary expression, and of a whole postfix one. */
	CHECK(!tracespec_parse_trace("p::f(struct outer *o) \"%d %d\", (int)-1, (long)o->in", &p, err, sizeof(err)),
	      "%s", err);
	CHECK(p.nargs == 2 && p.args[0]->kind == TN_CAST && p.args[0]->lhs->kind == TN_UNARY &&
		      p.args[1]->kind == TN_CAST && p.args[1]->lhs->kind == TN_MEMBER,
	      "(int)-1, (long)o->in");
	tracespec_free(&p);
}

/* Names are kept whole (trace's FUNC column printed only 127 bytes of a
 * long C++ name, and core/pattern's fixed fields cut a name to what may be
 * another function's). */
static void long_names(void)
{
	static char spec[700];
	char err[512] = "";
	struct dynprobe d;
	for (int len = 200; len <= 256; len += 56) {
		memset(&d, 0, sizeof(d));
		int n = snprintf(spec, sizeof(spec), "/bin/true:_Z");
		memset(spec + n, 'x', (size_t)len - 2);
		spec[n + len - 2] = 0;
		CHECK(!tracespec_parse_trace(spec, &d.spec, err, sizeof(err)), "%s", err);
		int rc = dynprobe_prepare(&d, err, sizeof(err));
		/* core/pattern sizes its fields to the name: used whole, never cut. */
		CHECK(!rc && d.display && !strcmp(d.display, spec + 10), "a %d-byte name: %s", len,
		      rc ? err : "cut");
		dynprobe_close(&d);
	}
	memset(&d, 0, sizeof(d));
	int n = snprintf(spec, sizeof(spec), "/");
	memset(spec + n, 'd', 300);
	snprintf(spec + n + 300, sizeof(spec) - n - 300, ":main");
	CHECK(!tracespec_parse_trace(spec, &d.spec, err, sizeof(err)), "%s", err);
	/* Kept whole: core/pattern resolves it as given, or says it cannot. */
	CHECK(dynprobe_prepare(&d, err, sizeof(err)) == 0 && strlen(d.spec.lib) == 301, "a 301-byte path: %s", err);
	dynprobe_close(&d);
}

/* Deterministic mutations of the good specs (a byte replaced, dropped,
 * duplicated; a piece of another spec spliced in): each must be parsed or
 * refused, and what parses must compile or be refused, never crash (also
 * clean under -fsanitize=address,undefined, leaks included). */
static void mutations(void)
{
	static const char alphabet[] = "()\"%,:$->.[]*&|!=<>0123456789abcdefxyz_ @#";
	const char *const *lists[] = { good_trace, good_argdist };
	uint32_t seed = 12345;
	int parsed = 0, compiled = 0, total = 0;
	for (int round = 0; round < 60; round++)
		for (int l = 0; l < 2; l++)
			for (int i = 0; lists[l][i]; i++) {
				char spec[512];
				snprintf(spec, sizeof(spec), "%s", lists[l][i]);
				size_t len = strlen(spec);
				for (int m = 0; m <= round % 3 && len; m++) {
					seed = seed * 1103515245 + 12345;
					size_t at = (seed >> 8) % len;
					int op = (seed >> 20) % 4;
					if (op == 0) {
						spec[at] = alphabet[(seed >> 4) % (sizeof(alphabet) - 1)];
					} else if (op == 1) {
						memmove(spec + at, spec + at + 1, len - at);
						len--;
					} else if (op == 2 && len + 1 < sizeof(spec)) {
						memmove(spec + at + 1, spec + at, len - at + 1);
						len++;
					} else if (len + 8 < sizeof(spec)) {
						const char *other = lists[l][(seed >> 12) % 4];
						size_t take = strlen(other) < 6 ? strlen(other) : 6;
						memmove(spec + at + take, spec + at, len - at + 1);
						memcpy(spec + at, other + (seed >> 16) % (strlen(other) - take + 1), take);
						len += take;
					}
				}
				char err[512] = "";
				struct ts_probe p;
				int rc = l ? tracespec_parse_argdist(spec, &p, err, sizeof(err))
					   : tracespec_parse_trace(spec, &p, err, sizeof(err));
				total++;
				if (rc) {
					CHECK(err[0] && !strchr(err, '\n'), "'%s' refused without one line: '%s'", spec, err);
					continue;
				}
				parsed++;
				/* Kernel probes compile without the kernel (maps are fds
				 * only in the instructions); tracepoints need their format. */
				if (p.kind == TS_KPROBE || p.kind == TS_KRETPROBE) {
					struct tg_filters f = { .uid = -1 };
					struct tg_program prog = { 0 };
					int crc;
					if (l) {
						struct tg_argdist a;
						crc = tg_argdist_layout(&p, i % 2, 80, &a, err, sizeof(err)) ||
						      tg_compile_argdist(&p, NULL, &f, &a, 80, 3, 4, 5, &prog, err, sizeof(err));
					} else {
						crc = tg_compile(&p, 0, NULL, &f, 80, 3, 4, 5, &prog, err, sizeof(err));
					}
					CHECK(!crc || (err[0] && !strchr(err, '\n')), "'%s' not compiled, no reason", spec);
					compiled += !crc;
					tg_program_free(&prog);
				}
				tracespec_free(&p);
			}
	printf("%d mutated specs: %d parsed, %d compiled, the rest refused with one line\n", total, parsed,
	       compiled);
}

int main(void)
{
	good();
	bad();
	refused();
	limits();
	quoting();
	long_names();
	mutations();
	if (failures)
		printf("%d failures\n", failures);
	return failures != 0;
}
