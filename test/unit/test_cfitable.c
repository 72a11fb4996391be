/* The unwind table's own promises, beyond what readelf can check
 * (test/unit/unwind_table.sh): rows strictly sorted, neighbours merged,
 * the binary search finds each row, the row limit refuses with an error,
 * and .eh_frame bytes flipped or cut short never crash the builder nor
 * break the ordering (each mutation in a child, so a crash names it). */
#include "symbolize/cfitable.h"
#include "test/unit/check.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define LIBC "/lib/x86_64-linux-gnu/libc.so.6"
#define MUTATIONS 400

static bool same(const struct cfi_row *a, const struct cfi_row *b)
{
	return a->cfa_kind == b->cfa_kind && a->cfa_off == b->cfa_off && a->rbp_kind == b->rbp_kind &&
	       a->rbp_off == b->rbp_off && a->plt_min == b->plt_min;
}

/* 0 when the table keeps its shape, else what is wrong. */
static const char *shape(const struct cfi_table *t)
{
	for (size_t i = 0; i < t->nrows; i++) {
		if (cfi_row_end(t, i) <= t->rows[i].start)
			return "a row that ends where it starts";
		if (i && same(&t->rows[i - 1], &t->rows[i]))
			return "equal neighbours not merged";
		if (cfi_table_find(t, t->rows[i].start) != &t->rows[i] ||
		    cfi_table_find(t, cfi_row_end(t, i) - 1) != &t->rows[i])
			return "the search misses a row";
	}
	if (t->nrows && (cfi_table_find(t, t->end) || cfi_table_find(t, t->rows[0].start - 1)))
		return "the search finds a row outside the table";
	return NULL;
}

static void real_file(void)
{
	struct cfi_table t;
	char err[256];
	int rc = cfi_table_build(LIBC, NULL, &t, err, sizeof(err));
	CHECK(!rc, "libc: %s", err);
	if (rc)
		return;
	const char *why = shape(&t);
	CHECK(!why, "libc: %s", why);
	CHECK(t.fdes > 1000 && t.nrows > t.fdes && t.holes < t.nrows / 4, "libc: %zu rows, %zu FDEs, %zu holes",
	      t.nrows, t.fdes, t.holes);
	size_t plt = 0, end = 0;
	for (size_t i = 0; i < t.nrows; i++) {
		plt += t.rows[i].cfa_kind == CFI_CFA_PLT && t.rows[i].plt_min == 11 && t.rows[i].cfa_off == 8;
		end += t.rows[i].cfa_kind == CFI_CFA_END;
	}
	CHECK(plt == 1, "libc: %zu PLT rows", plt);
	CHECK(end >= 1, "libc: no outermost frame (clone's thread start)");
	cfi_table_free(&t);

	struct cfi_table_opts small = { .max_rows = 1000 };
	rc = cfi_table_build(LIBC, &small, &t, err, sizeof(err));
	CHECK(rc == -E2BIG && strstr(err, "more than 1000 rows"), "a limit of 1000 rows: %d %s", rc, err);
	CHECK(!t.rows, "a refused table keeps no rows");
}

static void mutations(const char *seed)
{
	int fd = open(seed, O_RDONLY);
	struct stat st;
	CHECK(fd >= 0 && !fstat(fd, &st), "%s: %s", seed, strerror(errno));
	if (fd < 0)
		return;
	unsigned char *orig = malloc(st.st_size), *buf = malloc(st.st_size);
	CHECK(pread(fd, orig, st.st_size, 0) == st.st_size, "read %s", seed);
	/* Where the CFI is: .eh_frame and .eh_frame_hdr. */
	elf_version(EV_CURRENT);
	Elf *e = elf_memory((char *)orig, st.st_size);
	size_t shstrndx, lo = 0, hi = 0;
	elf_getshdrstrndx(e, &shstrndx);
	for (Elf_Scn *scn = NULL; (scn = elf_nextscn(e, scn));) {
		GElf_Shdr sh;
		const char *name = gelf_getshdr(scn, &sh) ? elf_strptr(e, shstrndx, sh.sh_name) : NULL;
		if (name && !strncmp(name, ".eh_frame", 9)) {
			lo = lo && lo < sh.sh_offset ? lo : sh.sh_offset;
			hi = hi > sh.sh_offset + sh.sh_size ? hi : sh.sh_offset + sh.sh_size;
		}
	}
	elf_end(e);
	close(fd);
	CHECK(hi > lo, "%s: no .eh_frame", seed);
	uint64_t rng = 0x9e3779b97f4a7c15ull;
	int ok = 0, refused = 0;
	for (int i = 0; i < MUTATIONS && hi > lo; i++) {
		memcpy(buf, orig, st.st_size);
		size_t len = st.st_size;
		rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
		if (i % 8 == 7)
			len = lo + rng % (hi - lo); /* cut inside the CFI */
		else
			for (int k = 0; k < 1 + (int)(rng % 8); k++) {
				rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
				buf[lo + rng % (hi - lo)] = (unsigned char)(rng >> 32);
			}
		int mfd = memfd_create("cfi-mutant", 0);
		char path[64];
		snprintf(path, sizeof(path), "/proc/self/fd/%d", mfd);
		CHECK(write(mfd, buf, len) == (ssize_t)len, "write mutant");
		pid_t pid = fork();
		if (!pid) {
			struct cfi_table t;
			char err[256];
			int rc = cfi_table_build(path, NULL, &t, err, sizeof(err));
			if (rc)
				_exit(err[0] ? 3 : 4);
			const char *why = shape(&t);
			if (why)
				printf("mutation %d: %s\n", i, why);
			_exit(why ? 5 : 0);
		}
		int status;
		waitpid(pid, &status, 0);
		close(mfd);
		CHECK(WIFEXITED(status) && (WEXITSTATUS(status) == 0 || WEXITSTATUS(status) == 3),
		      "mutation %d of %s: %s %d", i, seed, WIFEXITED(status) ? "exit" : "signal",
		      WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
		if (WIFEXITED(status))
			ok += !WEXITSTATUS(status), refused += WEXITSTATUS(status) == 3;
	}
	printf("%s: %d mutations gave a table, %d were refused with a reason\n", seed, ok, refused);
	free(orig);
	free(buf);
}

int main(void)
{
	real_file();
	mutations(TEST_BINARY_DIR "/progs/chain_nofp_dyn");
	mutations(LIBC);
	if (failures)
		printf("%d failures\n", failures);
	return failures != 0;
}
