/* The symbolizer's caches: a tiny budget evicts parsed files and DWARF
 * indexes yet every answer stays the same as with no bound; more files
 * than RLIMIT_NOFILE allows it to hold open all still resolve, with the
 * descriptors it holds under its budget; and a process that execs is read
 * again, not answered from its old mappings. */
#include "symbolize/symbolize.h"

#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <limits.h>
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
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

static uint64_t symbol(const char *path, const char *name)
{
	int fd = open(path, O_RDONLY);
	Elf *e = elf_begin(fd, ELF_C_READ, NULL);
	Elf_Scn *scn = NULL;
	uint64_t a = 0;
	while (e && !a && (scn = elf_nextscn(e, scn))) {
		GElf_Shdr sh;
		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_SYMTAB)
			continue;
		Elf_Data *d = elf_getdata(scn, NULL);
		for (size_t i = 0; d && i < sh.sh_size / sh.sh_entsize && !a; i++) {
			GElf_Sym s;
			const char *n = gelf_getsym(d, i, &s) ? elf_strptr(e, sh.sh_link, s.st_name) : NULL;
			if (n && !strcmp(n, name))
				a = s.st_value + s.st_size / 2;
		}
	}
	if (e)
		elf_end(e);
	close(fd);
	return a;
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

static int open_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	int n = -1; /* the directory's own */
	while (d && readdir(d))
		n++;
	if (d)
		closedir(d);
	return n - 2; /* . and .. */
}

static int copy_file(const char *from, const char *to)
{
	FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
	char buf[65536];
	size_t k;
	while (in && out && (k = fread(buf, 1, sizeof(buf), in)) > 0)
		fwrite(buf, 1, k, out);
	int err = !in || !out;
	if (in)
		fclose(in);
	if (out)
		err |= fclose(out);
	chmod(to, 0755);
	return err;
}

#define NFILES 40
#define NPROCS 24

/* RLIMIT_NOFILE 64: a budget of 16 descriptors.  40 distinct files (copies
 * of one program), by path and then as the executables of 24 processes
 * (mapped, so closed rather than dropped under the budget), three rounds
 * each: every answer is hot_outer at inliner.c, and no more than 16
 * descriptors are ever held. */
static void fd_budget(void)
{
	struct rlimit old, rl;
	getrlimit(RLIMIT_NOFILE, &old);
	rl = old;
	rl.rlim_cur = 64;
	CHECK(!setrlimit(RLIMIT_NOFILE, &rl), "setrlimit");
	char dir[] = "/tmp/bpfkit-fds-XXXXXX", path[NFILES][64];
	CHECK(mkdtemp(dir), "mkdtemp");
	for (int i = 0; i < NFILES; i++) {
		snprintf(path[i], sizeof(path[i]), "%s/copy%d", dir, i);
		CHECK(!copy_file(TEST_BINARY_DIR "/progs/inliner", path[i]), "copy %s", path[i]);
	}
	uint64_t a = symbol(path[0], "hot_outer");
	CHECK(a, "no hot_outer in %s", path[0]);

	/* The processes: blocked reading a pipe nobody writes. */
	int never[2];
	CHECK(!pipe(never), "pipe");
	pid_t pids[NPROCS];
	for (int i = 0; i < NPROCS; i++) {
		pids[i] = fork();
		if (pids[i] == 0) {
			dup2(never[0], 0);
			execl(path[i], "inliner", "1", (char *)NULL);
			_exit(1);
		}
		char link[64], exe[PATH_MAX];
		snprintf(link, sizeof(link), "/proc/%d/exe", pids[i]);
		for (int k = 0; k < 2000; k++) {
			ssize_t len = readlink(link, exe, sizeof(exe) - 1);
			exe[len > 0 ? len : 0] = 0;
			if (!strcmp(exe, path[i]))
				break;
			nanosleep(&(struct timespec){ 0, 1000000 }, NULL);
		}
	}
	int base = open_fds(), most = 0, good = 0, asked = 0;
	struct symbolizer *s = symbolizer_new(&(struct symbolizer_opts){ .dwarf = true,
									 .debuginfo_path = "/nonexistent" });
	struct sym_cache_stats st;
	sym_cache_stats(s, &st);
	CHECK(st.max_fds == 16, "RLIMIT_NOFILE 64 gives a budget of %d descriptors, not 16", st.max_fds);
	struct sym_frame f[8];
	for (int round = 0; round < 3; round++) {
		for (int i = 0; i < NFILES; i++) {
			int n = sym_elf(s, path[i], a, f, 8);
			asked++;
			good += n == 1 && f[0].name && !strcmp(f[0].name, "hot_outer") && f[0].file &&
				strstr(f[0].file, "inliner.c");
			most = open_fds() - base > most ? open_fds() - base : most;
		}
		for (int i = 0; i < NPROCS; i++) {
			if (!round)
				sym_preload(s, pids[i]);
			int n = sym_user(s, pids[i], a, f, 8);
			asked++;
			good += n == 1 && f[0].name && !strcmp(f[0].name, "hot_outer") && f[0].file &&
				strstr(f[0].file, "inliner.c");
			most = open_fds() - base > most ? open_fds() - base : most;
		}
	}
	/* The same processes under a memory budget below what their files
	 * cost: mapped files are closed too, then reopened by path. */
	struct symbolizer *m = symbolizer_new(&(struct symbolizer_opts){ .dwarf = true, .cache_bytes = 256 << 10,
									 .debuginfo_path = "/nonexistent" });
	int mgood = 0, masked = 0;
	size_t mmost = 0;
	for (int round = 0; round < 3; round++) {
		for (int i = 0; i < NPROCS; i++) {
			if (!round)
				sym_preload(m, pids[i]);
			int n = sym_user(m, pids[i], a, f, 8);
			masked++;
			mgood += n == 1 && f[0].name && !strcmp(f[0].name, "hot_outer") && f[0].file &&
				 strstr(f[0].file, "inliner.c");
		}
		sym_trim(m);
		mmost = sym_cache_bytes(m) > mmost ? sym_cache_bytes(m) : mmost;
	}
	struct sym_cache_stats ms;
	sym_cache_stats(m, &ms);
	printf("ok: %d processes under a 256 KiB budget: %d of %d answers right, %zu KiB after each trim, "
	       "peak %zu KiB, %lu evicted\n", NPROCS, mgood, masked, mmost >> 10, ms.peak_bytes >> 10, ms.evicted);
	CHECK(mgood == masked, "%d of %d answers wrong under the memory budget", masked - mgood, masked);
	CHECK(mmost <= (size_t)(256 << 10), "%zu bytes held after a trim", mmost);
	CHECK(ms.peak_bytes > (size_t)(256 << 10) && ms.evicted, "the budget was never exceeded (peak %zu)",
	      ms.peak_bytes);
	symbolizer_free(m);

	sym_cache_stats(s, &st);
	printf("ok: %d files, %d processes, 3 rounds: %d of %d answers hot_outer at inliner.c; at most %d "
	       "descriptors held (stats: peak %d of %d, %lu evicted)\n",
	       NFILES, NPROCS, good, asked, most, st.peak_fds, st.max_fds, st.evicted);
	CHECK(good == asked, "%d of %d answers wrong under the descriptor budget", asked - good, asked);
	CHECK(most <= 16 && st.peak_fds <= 16, "held %d descriptors (peak %d), budget 16", most, st.peak_fds);
	CHECK(most >= 8, "held only %d descriptors: the budget was not used", most);
	CHECK(st.evicted >= (unsigned long)(3 * (NFILES + NPROCS) - 16), "only %lu evictions", st.evicted);
	/* The processes forgotten, their closed files are not kept. */
	for (int i = 0; i < NPROCS; i++)
		sym_forget(s, pids[i]);
	sym_trim(s);
	sym_cache_stats(s, &st);
	CHECK(st.procs == 0 && st.entries == st.files, "after forgetting: %d processes, %d entries for %d open files",
	      st.procs, st.entries, st.files);
	symbolizer_free(s);
	for (int i = 0; i < NPROCS; i++) {
		kill(pids[i], SIGKILL);
		waitpid(pids[i], NULL, 0);
	}
	close(never[0]);
	close(never[1]);
	for (int i = 0; i < NFILES; i++)
		unlink(path[i]);
	rmdir(dir);
	setrlimit(RLIMIT_NOFILE, &old);
}

int main(void)
{
	elf_version(EV_CURRENT);
	bounded_cache();
	fd_budget();
	exec_drops_cache();
	if (failures)
		printf("%d failures\n", failures);
	return failures != 0;
}
