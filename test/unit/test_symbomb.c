/* A decompression bomb: a copy of a test program whose .debug_info is
 * replaced by a compressed section (ELF's SHF_COMPRESSED, zlib) that
 * inflates to 2 GiB of zeros from 2 MB.  It must symbolize at once to its
 * symbol table's name, in bounded memory, with one note saying why DWARF
 * was not read.  And real compressed DWARF (objcopy
 * --compress-debug-sections) still gives lines. */
#include "symbolize/symbolize.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "test/unit/check.h"

#define SRC TEST_BINARY_DIR "/progs/inliner"
#define MIB (1u << 20)

static uint64_t addr_of(const char *path, const char *fn)
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
		for (size_t i = 0; d && i < sh.sh_size / sh.sh_entsize; i++) {
			GElf_Sym s;
			const char *n = gelf_getsym(d, i, &s) ? elf_strptr(e, sh.sh_link, s.st_name) : NULL;
			if (n && !strcmp(n, fn))
				a = s.st_value + 4;
		}
	}
	if (e)
		elf_end(e);
	close(fd);
	return a;
}

/* A zlib stream of mib MiB of zeros, made in milliseconds: one MiB
 * deflated up to a full flush is byte-aligned and needs nothing before it,
 * so it is repeated; then an empty final block and the Adler-32 of it all. */
static unsigned char *zero_bomb(unsigned mib, size_t *len)
{
	static unsigned char zeros[MIB];
	unsigned char chunk[8192], fin[16];
	z_stream z = { 0 };
	deflateInit2(&z, 9, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY);
	z.next_in = zeros, z.avail_in = MIB;
	z.next_out = chunk, z.avail_out = sizeof(chunk);
	deflate(&z, Z_FULL_FLUSH);
	size_t clen = sizeof(chunk) - z.avail_out;
	z.next_out = fin, z.avail_out = sizeof(fin);
	deflate(&z, Z_FINISH);
	size_t flen = sizeof(fin) - z.avail_out;
	deflateEnd(&z);
	uLong one = adler32(adler32(0, NULL, 0), zeros, MIB), all = one;
	for (unsigned i = 1; i < mib; i++)
		all = adler32_combine(all, one, MIB);
	*len = 2 + (size_t)mib * clen + flen + 4;
	unsigned char *out = malloc(*len), *p = out;
	*p++ = 0x78, *p++ = 0xda;
	for (unsigned i = 0; i < mib; i++, p += clen)
		memcpy(p, chunk, clen);
	memcpy(p, fin, flen);
	p += flen;
	for (int i = 3; i >= 0; i--)
		*p++ = all >> (8 * i);
	return out;
}

/* SRC with its .debug_info replaced by the bomb, appended at the end of the
 * file (the layout is ours: the segments must not move). */
static int make_bomb(const char *path, unsigned mib)
{
	char cmd[512];
	snprintf(cmd, sizeof(cmd), "cp %s %s", SRC, path);
	if (system(cmd))
		return -1;
	int fd = open(path, O_RDWR);
	Elf *e = elf_begin(fd, ELF_C_RDWR, NULL);
	size_t shstrndx;
	if (!e || elf_getshdrstrndx(e, &shstrndx))
		return -1;
	elf_flagelf(e, ELF_C_SET, ELF_F_LAYOUT);
	struct stat st;
	fstat(fd, &st);
	Elf_Scn *scn = NULL;
	while ((scn = elf_nextscn(e, scn))) {
		GElf_Shdr sh;
		gelf_getshdr(scn, &sh);
		if (strcmp(elf_strptr(e, shstrndx, sh.sh_name), ".debug_info"))
			continue;
		size_t zlen;
		unsigned char *z = zero_bomb(mib, &zlen);
		Elf64_Chdr ch = { .ch_type = ELFCOMPRESS_ZLIB, .ch_size = (uint64_t)mib * MIB, .ch_addralign = 1 };
		unsigned char *buf = malloc(sizeof(ch) + zlen);
		memcpy(buf, &ch, sizeof(ch));
		memcpy(buf + sizeof(ch), z, zlen);
		free(z);
		Elf_Data *d = elf_getdata(scn, NULL);
		d->d_buf = buf;
		d->d_size = sizeof(ch) + zlen;
		d->d_type = ELF_T_BYTE;
		d->d_align = 8;
		sh.sh_flags |= SHF_COMPRESSED;
		sh.sh_offset = (st.st_size + 7) & ~7ul;
		sh.sh_size = d->d_size;
		sh.sh_addralign = 8;
		gelf_update_shdr(scn, &sh);
		elf_flagdata(d, ELF_C_SET, ELF_F_DIRTY);
		elf_flagshdr(scn, ELF_C_SET, ELF_F_DIRTY);
		GElf_Ehdr eh;
		gelf_getehdr(e, &eh);
		eh.e_shoff = (sh.sh_offset + sh.sh_size + 7) & ~7ul;
		gelf_update_ehdr(e, &eh);
		int r = elf_update(e, ELF_C_WRITE) < 0 ? -1 : 0;
		if (r)
			printf("elf_update: %s\n", elf_errmsg(-1));
		elf_end(e);
		free(buf); /* libelf does not own data it was given */
		close(fd);
		return r;
	}
	return -1;
}

static char notes[4096];
static void note(const char *fmt, ...)
{
	size_t n = strlen(notes);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(notes + n, sizeof(notes) - n, fmt, ap);
	va_end(ap);
	strncat(notes, "\n", sizeof(notes) - strlen(notes) - 1);
}

static long hwm_kib(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long v = -1;
	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, "VmHWM:", 6))
			v = atol(line + 6);
	if (f)
		fclose(f);
	return v;
}

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

/* In a child, so its peak RSS is the symbolizer's alone. */
static void bomb(void)
{
	char path[] = "/tmp/bpfkit-bomb-XXXXXX";
	close(mkstemp(path));
	CHECK(!make_bomb(path, 2048), "cannot make the bomb");
	struct stat st;
	stat(path, &st);
	uint64_t a = addr_of(path, "hot_outer");
	CHECK(a, "no hot_outer in %s", path);
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		alarm(60);
		long before = hwm_kib();
		double t0 = now();
		struct symbolizer *s = symbolizer_new(&(struct symbolizer_opts){
			.dwarf = true, .inlines = true, .debuginfo_path = "/nonexistent", .note = note });
		struct sym_frame f[64];
		int n = sym_elf(s, path, a, f, 64);
		double dt = now() - t0;
		long grew = hwm_kib() - before;
		printf("ok: a %ld KiB file declaring 2 GiB of DWARF: %s in %.3f s, peak RSS +%ld KiB\n",
		       (long)st.st_size >> 10, n > 0 && f[n - 1].name ? f[n - 1].name : "(none)", dt, grew);
		CHECK(n == 1 && f[0].name && !strcmp(f[0].name, "hot_outer") && !f[0].file,
		      "expected the symtab's hot_outer and no line, got %d frames, %s", n,
		      n > 0 && f[0].name ? f[0].name : "(none)");
		CHECK(dt < 2.0, "took %.1f s", dt);
		CHECK(grew < 64 * 1024, "peak RSS grew by %ld KiB", grew);
		CHECK(strstr(notes, "DWARF not read: its compressed sections would inflate to 2048.0 MiB"),
		      "note: '%s'", notes);
		symbolizer_free(s);
		printf("   notes: %s", notes);
		fflush(stdout);
		_exit(failures != 0);
	}
	int status;
	waitpid(pid, &status, 0);
	CHECK(WIFEXITED(status) && !WEXITSTATUS(status), "the bomb's child failed (status %#x)", status);
	unlink(path);
}

/* Real compressed DWARF within the budget: inflated, lines found. */
static void real_compressed(void)
{
	char path[] = "/tmp/bpfkit-zdebug-XXXXXX", cmd[512];
	close(mkstemp(path));
	snprintf(cmd, sizeof(cmd), "objcopy --compress-debug-sections=zlib %s %s", SRC, path);
	if (system(cmd)) {
		printf("ok: (no objcopy: real compressed DWARF not tried)\n");
		unlink(path);
		return;
	}
	struct symbolizer *s = symbolizer_new(&(struct symbolizer_opts){ .dwarf = true, .inlines = true,
									 .debuginfo_path = "/nonexistent" });
	struct sym_frame f[64];
	int n = sym_elf(s, path, addr_of(path, "hot_outer"), f, 64);
	CHECK(n >= 1 && f[n - 1].name && !strcmp(f[n - 1].name, "hot_outer") && f[0].file &&
		      strstr(f[0].file, "inliner.c"),
	      "compressed DWARF: %d frames, %s at %s", n, n > 0 && f[0].name ? f[0].name : "(none)",
	      n > 0 && f[0].file ? f[0].file : "(none)");
	printf("ok: objcopy-compressed DWARF still gives %s:%u\n", n > 0 && f[0].file ? f[0].file : "?",
	       n > 0 ? f[0].line : 0);
	symbolizer_free(s);
	unlink(path);
}

int main(void)
{
	elf_version(EV_CURRENT);
	bomb();
	real_compressed();
	if (failures)
		printf("%d failures\n", failures);
	return failures != 0;
}
