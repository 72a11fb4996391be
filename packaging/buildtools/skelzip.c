/* Build-time step: bpftool embeds each BPF object in its skeleton header as
 * a string; this rewrites the header so the object is embedded compressed
 * (zlib) and inflated when the tool opens it (core/skeldata.c).  The
 * twenty-odd objects were 800 KB of the binary's read-only data, and the
 * kernel maps such file pages into the process whole (large page-cache
 * folios), so every tool carried all of them in its RSS.
 *   skelzip NAME OBJECT.o IN.skel.h OUT.skel.h */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 1 << 16, n = 0;
	char *buf = malloc(cap + 1);
	for (size_t r; buf && (r = fread(buf + n, 1, cap - n, f)) > 0;) {
		n += r;
		if (n == cap) {
			char *nb = realloc(buf, (cap *= 2) + 1);
			if (!nb)
				free(buf);
			buf = nb;
		}
	}
	fclose(f);
	if (buf)
		buf[n] = 0;
	*len = n;
	return buf;
}

int main(int argc, char **argv)
{
	if (argc != 5) {
		fprintf(stderr, "usage: skelzip NAME OBJECT.o IN.skel.h OUT.skel.h\n");
		return 2;
	}
	size_t olen, hlen;
	char *obj = slurp(argv[2], &olen), *hdr = slurp(argv[3], &hlen);
	if (!obj || !hdr) {
		perror("skelzip: read");
		return 1;
	}
	uLongf zlen = compressBound(olen);
	unsigned char *z = malloc(zlen);
	if (!z || compress2(z, &zlen, (const Bytef *)obj, olen, 9) != Z_OK) {
		fprintf(stderr, "skelzip: compress failed\n");
		return 1;
	}
	/* The definition (the prototype ends in ';'), up to its closing brace. */
	char sig[256];
	snprintf(sig, sizeof(sig), "static inline const void *%s_bpf__elf_bytes(size_t *sz)\n{", argv[1]);
	char *start = strstr(hdr, sig), *end = start ? strstr(start, "\n}\n") : NULL;
	if (!end) {
		fprintf(stderr, "skelzip: %s: no %s_bpf__elf_bytes definition (new bpftool format?)\n", argv[3],
			argv[1]);
		return 1;
	}
	FILE *out = fopen(argv[4], "w");
	if (!out) {
		perror(argv[4]);
		return 1;
	}
	fwrite(hdr, 1, (size_t)(start - hdr), out);
	fprintf(out, "#include \"core/skeldata.h\"\n\n%s\n", sig);
	fprintf(out, "\t/* %zu bytes of BPF object, compressed at build time (packaging/buildtools/skelzip.c). */\n", olen);
	fprintf(out, "\tstatic const unsigned char z[] = {");
	for (uLongf i = 0; i < zlen; i++)
		fprintf(out, "%s0x%02x,", i % 16 ? " " : "\n\t\t", z[i]);
	fprintf(out, "\n\t};\n\treturn skel_inflate(z, sizeof(z), %zu, sz);", olen);
	fputs(end, out);
	if (fclose(out)) {
		perror(argv[4]);
		return 1;
	}
	/* Freed, so a build with CFLAGS=-fsanitize=address (LeakSanitizer)
	 * does not fail here. */
	free(z);
	free(hdr);
	free(obj);
	return 0;
}
