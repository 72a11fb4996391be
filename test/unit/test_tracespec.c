/* trace and argdist spec grammar: BCC's own examples parse into the right
 * trees; every line of data/bad_specs.txt is refused with one line that
 * says where. */
#include "core/tracegen.h"
#include "core/tracespec.h"

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
	mutations();
	if (failures)
		printf("%d failures\n", failures);
	return failures != 0;
}
