/* The symbolizer's caches: a tiny budget evicts parsed files and DWARF
 * indexes yet every answer stays the same as with no bound; and a process
 * that execs is read again, not answered from its old mappings. */
#include "symbolize/symbolize.h"

#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "test/unit/check.h"

/* Up to max function addresses (middles) of an ELF's .symtab. */
static int functions(const char *path, uint64_t *out, int max)
{
	int fd = open(path, O_RDONLY), n = 0;
	Elf *e = elf_begin(fd, ELF_C_READ, NULL);
	Elf_Scn *scn = NULL;
	while (e && (scn = elf_nextscn(e, scn))) {
		GElf_Shdr sh;
		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_SYMTAB)
			continue;
		Elf_Data *d = elf_getdata(scn, NULL);
		for (size_t i = 0; d && i < sh.sh_size / sh.sh_entsize && n < max; i += 7) {
			GElf_Sym s;
			if (gelf_getsym(d, i, &s) && GELF_ST_TYPE(s.st_info) == STT_FUNC && s.st_size)
				out[n++] = s.st_value + s.st_size / 2;
		}
	}
	if (e)
		elf_end(e);
	close(fd);
	return n;
}

static void text_of(const struct sym_frame *f, int n, char *buf, size_t len)
{
	size_t off = 0;
	buf[0] = 0;
	for (int i = 0; i < n && off < len; i++)
		off += snprintf(buf + off, len - off, "%s@%s:%u;", f[i].name ? f[i].name : "?",
				f[i].file ? f[i].file : "?", f[i].line);
}

static void bounded_cache(void)
{
	const char *files[] = { TEST_BINARY_DIR "/../bpfkit", TEST_BINARY_DIR "/progs/inliner",
				TEST_BINARY_DIR "/progs/mallocs_dyn" };
	static uint64_t addrs[3][400];
	int n[3];
	for (int i = 0; i < 3; i++)
		n[i] = functions(files[i], addrs[i], 400);
	struct symbolizer_opts big = { .dwarf = true, .inlines = true };
	struct symbolizer_opts small = big;
	small.cache_bytes = 256 << 10;
	struct symbolizer *a = symbolizer_new(&big), *b = symbolizer_new(&small);
	size_t peak_unbounded = 0, lookups = 0, same = 0;
	char ta[4096], tb[4096];
	struct sym_frame fa[64], fb[64];
	/* Round robin over the files, so each comes back after eviction. */
	for (int round = 0; round < 3; round++)
		for (int k = 0; k < 400; k++)
			for (int i = 0; i < 3; i++) {
				if (k >= n[i])
					continue;
				int ka = sym_elf(a, files[i], addrs[i][k], fa, 64);
				text_of(fa, ka, ta, sizeof(ta));
				int kb = sym_elf(b, files[i], addrs[i][k], fb, 64);
				text_of(fb, kb, tb, sizeof(tb));
				lookups++;
				same += !strcmp(ta, tb);
				if (strcmp(ta, tb) && lookups - same < 5)
					printf("  differs: %s vs %s\n", ta, tb);
			}
	peak_unbounded = sym_cache_bytes(a);
	sym_trim(b);
	size_t after = sym_cache_bytes(b);
	printf("ok: %zu lookups, %zu identical; unbounded cache %zu KiB, bounded %zu KiB (budget 256)\n", lookups,
	       same, peak_unbounded >> 10, after >> 10);
	CHECK(lookups > 500, "too few lookups: %zu", lookups);
	CHECK(same == lookups, "%zu of %zu answers changed under eviction", lookups - same, lookups);
	CHECK(peak_unbounded > (size_t)(512 << 10), "the unbounded cache should be over twice the budget, is %zu", peak_unbounded);
	CHECK(after <= (size_t)(256 << 10), "bounded cache holds %zu bytes", after);
	symbolizer_free(a);
	symbolizer_free(b);
}

__attribute__((noinline)) int before_exec(int x)
{
	return x * 7 + 1;
}

static void exec_drops_cache(void)
{
	int go[2];
	if (pipe(go))
		return;
	pid_t pid = fork();
	if (pid == 0) {
		char c;
		close(go[1]);
		if (read(go[0], &c, 1) != 1)
			_exit(1);
		/* A different static binary: other code at these addresses. */
		char *argv[] = { "inliner", "100000", NULL };
		int never[2];
		if (pipe(never) == 0)
			dup2(never[0], 0);
		execv(TEST_BINARY_DIR "/progs/inliner", argv);
		_exit(1);
	}
	close(go[0]);
	struct symbolizer *s = symbolizer_new(&(struct symbolizer_opts){ 0 });
	struct sym_frame f[8];
	uint64_t addr = (uint64_t)(uintptr_t)before_exec;
	sym_user(s, pid, addr, f, 8);
	CHECK(f[0].name && !strcmp(f[0].name, "before_exec"), "before exec: %s", f[0].name ? f[0].name : "?");
	if (write(go[1], "x", 1) != 1)
		return;
	/* Until the exec has happened. */
	char exe[PATH_MAX], link[64];
	snprintf(link, sizeof(link), "/proc/%d/exe", pid);
	for (int i = 0; i < 2000; i++) {
		ssize_t k = readlink(link, exe, sizeof(exe) - 1);
		exe[k > 0 ? k : 0] = 0;
		if (strstr(exe, "inliner"))
			break;
		nanosleep(&(struct timespec){ 0, 1000000 }, NULL);
	}
	sym_user(s, pid, addr, f, 8);
	CHECK(!f[0].name || strcmp(f[0].name, "before_exec"), "after exec still answers before_exec");
	printf("ok: after exec the same address is %s\n", f[0].name ? f[0].name : "[unknown]");
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	symbolizer_free(s);
}

int main(void)
{
	elf_version(EV_CURRENT);
	bounded_cache();
	exec_drops_cache();
	if (failures)
		printf("%d failures\n", failures);
	return failures != 0;
}
