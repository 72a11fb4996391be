/* Corrupt and truncated ELF/DWARF input must never crash the symbolizer:
 * thousands of deterministic mutations of real test binaries (truncations,
 * and byte flips aimed at the ELF header, section headers, symbol tables
 * and every .debug_* section), each symbolized with DWARF lines and inline
 * chains in a child process so a crash names its seed. */
#include "symbolize/symbolize.h"

#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define ITERATIONS 1500
#define PER_CHILD 50

struct region {
	size_t off, len;
};

static struct region regions[64];
static int nregions;
static uint64_t addrs[256];
static int naddrs;
static uint64_t all[65536];
static int nall;

static uint64_t rng;
static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* Where the parsers look: headers, symbol tables, DWARF. */
static void survey(const char *path)
{
	int fd = open(path, O_RDONLY);
	Elf *e = elf_begin(fd, ELF_C_READ, NULL);
	GElf_Ehdr eh;
	nregions = naddrs = nall = 0;
	regions[nregions++] = (struct region){ 0, 64 };
	if (e && gelf_getehdr(e, &eh)) {
		regions[nregions++] = (struct region){ eh.e_phoff, (size_t)eh.e_phnum * eh.e_phentsize };
		regions[nregions++] = (struct region){ eh.e_shoff, (size_t)eh.e_shnum * eh.e_shentsize };
		size_t shstrndx;
		elf_getshdrstrndx(e, &shstrndx);
		Elf_Scn *scn = NULL;
		while ((scn = elf_nextscn(e, scn)) && nregions < 64) {
			GElf_Shdr sh;
			if (!gelf_getshdr(scn, &sh) || sh.sh_type == SHT_NOBITS)
				continue;
			const char *name = elf_strptr(e, shstrndx, sh.sh_name);
			if (name && (!strncmp(name, ".debug_", 7) || sh.sh_type == SHT_SYMTAB ||
				     sh.sh_type == SHT_DYNSYM || sh.sh_type == SHT_STRTAB || sh.sh_type == SHT_NOTE))
				regions[nregions++] = (struct region){ sh.sh_offset, sh.sh_size };
			if (sh.sh_type != SHT_SYMTAB)
				continue;
			Elf_Data *d = elf_getdata(scn, NULL);
			for (size_t i = 0; d && i < sh.sh_size / sh.sh_entsize && nall < 65536; i++) {
				GElf_Sym sym;
				if (gelf_getsym(d, i, &sym) && GELF_ST_TYPE(sym.st_info) == STT_FUNC && sym.st_value)
					all[nall++] = sym.st_value + sym.st_size / 2;
			}
		}
	}
	if (e)
		elf_end(e);
	close(fd);
	/* Half the addresses where the intact file has DWARF lines, the rest
	 * spread over the other functions. */
	struct symbolizer_opts o = { .dwarf = true, .inlines = true, .debuginfo_path = "/nonexistent" };
	struct symbolizer *s = symbolizer_new(&o);
	struct sym_frame f[64];
	for (int i = 0; i < nall && naddrs < 128; i++)
		if (sym_elf(s, path, all[i], f, 64) > 0 && f[0].file)
			addrs[naddrs++] = all[i];
	for (int i = 0; i < nall && naddrs < 256; i += 1 + nall / 128)
		addrs[naddrs++] = all[i];
	symbolizer_free(s);
}

static void mutate(unsigned char *buf, size_t *len, size_t orig)
{
	memcpy(buf, buf + orig, orig); /* the pristine copy sits after the work area */
	*len = orig;
	switch (next() % 4) {
	case 0: /* truncated */
		*len = next() % orig;
		break;
	default: {
		struct region r = regions[next() % nregions];
		int flips = 1 + next() % 32;
		for (int i = 0; i < flips && r.len; i++) {
			size_t at = r.off + next() % r.len;
			if (at < orig)
				buf[at] = next() % 3 ? (unsigned char)next() : (buf[at] ^ 0xff);
		}
	}
	}
}

/* Shared with the children: how much of the input still made sense. */
static struct tally {
	unsigned long named, lined;
} *tally;

static void symbolize_file(const char *path)
{
	struct symbolizer_opts o = { .dwarf = true, .inlines = true, .demangle = true, .dwarf_names = true,
				     .debuginfo_path = "/nonexistent" };
	struct symbolizer *s = symbolizer_new(&o);
	struct sym_frame f[64];
	for (int i = 0; i < naddrs; i++) {
		int n = sym_elf(s, path, addrs[i], f, 64);
		/* Touch every string handed out: a dangling one shows here. */
		for (int k = 0; k < n; k++) {
			volatile size_t l = 0;
			if (f[k].name)
				l += strlen(f[k].name), tally->named++;
			if (f[k].file)
				l += strlen(f[k].file), tally->lined++;
			(void)l;
		}
	}
	symbolizer_free(s);
}

static int run(const char *seed)
{
	survey(seed);
	struct stat st;
	if (stat(seed, &st) || !naddrs) {
		printf("FAIL: cannot use seed %s\n", seed);
		return 1;
	}
	size_t orig = st.st_size;
	unsigned char *buf = malloc(orig * 2);
	FILE *in = fopen(seed, "rb");
	if (!buf || !in || fread(buf + orig, 1, orig, in) != orig) {
		printf("FAIL: cannot read %s\n", seed);
		return 1;
	}
	fclose(in);
	char path[64];
	int fd = memfd_create("corrupt-elf", 0);
	snprintf(path, sizeof(path), "/proc/%d/fd/%d", getpid(), fd);
	for (int base = 0; base < ITERATIONS; base += PER_CHILD) {
		pid_t pid = fork();
		if (pid == 0) {
			for (int it = base; it < base + PER_CHILD; it++) {
				rng = 0x9e3779b97f4a7c15ull * (it + 1);
				size_t len;
				mutate(buf, &len, orig);
				if (ftruncate(fd, 0) || pwrite(fd, buf, len, 0) != (ssize_t)len)
					_exit(3);
				/* A new symbolizer each time: no cached parse. */
				symbolize_file(path);
			}
			_exit(0);
		}
		int status;
		waitpid(pid, &status, 0);
		if (!WIFEXITED(status) || WEXITSTATUS(status)) {
			printf("FAIL: %s: a mutation in %d..%d %s %d\n", seed, base, base + PER_CHILD - 1,
			       WIFSIGNALED(status) ? "crashed with signal" : "exited",
			       WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
			return 1;
		}
	}
	printf("ok: %s: %d mutations over %d regions, %d addresses each: %lu frames named, %lu with lines\n",
	       seed, ITERATIONS, nregions, naddrs, tally->named, tally->lined);
	if (!tally->named || !tally->lined) {
		printf("FAIL: the mutations left nothing to parse\n");
		return 1;
	}
	tally->named = tally->lined = 0;
	free(buf);
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	elf_version(EV_CURRENT);
	tally = mmap(NULL, sizeof(*tally), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	/* bpfkit itself (RelWithDebInfo): DWARF for every source file. */
	const char *seeds[] = { TEST_BINARY_DIR "/progs/inliner", TEST_BINARY_DIR "/progs/mallocs_dyn",
				TEST_BINARY_DIR "/../bpfkit" };
	int failed = 0;
	for (size_t i = 0; i < sizeof(seeds) / sizeof(seeds[0]); i++)
		failed |= run(seeds[i]);
	return failed;
}
