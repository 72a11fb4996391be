/* pprof output (core/stacks/protowire.c, core/stacks/pprof.c): the wire
 * format's edge cases byte by byte, then a profile written, gunzipped and
 * read back with a decoder of the test's own, field by field against
 * profile.proto: string_table[0] "", sample types, values and labels,
 * inline chains as Lines innermost first, shared functions and locations,
 * build-ids in hex, the kernel's mapping last. */
#include "core/stacks/pprof.h"
#include "core/stacks/protowire.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "test/unit/check.h"

static int same(const struct pbuf *b, const uint8_t *want, size_t n)
{
	return b->len == n && !memcmp(b->data, want, n);
}

static void test_wire(void)
{
	struct pbuf b = { 0 };
	pb_varint(&b, 300);
	CHECK(same(&b, (const uint8_t[]){ 0xac, 0x02 }, 2), "varint 300");
	pb_free(&b);
	pb_uint(&b, 3, 0);
	CHECK(b.len == 0, "a zero field is left out");
	pb_int(&b, 1, -1);
	CHECK(same(&b, (const uint8_t[]){ 0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01 }, 11),
	      "int64 -1: ten bytes");
	pb_free(&b);
	pb_str(&b, 6, "");
	CHECK(same(&b, (const uint8_t[]){ 0x32, 0x00 }, 2), "an empty string is written");
	pb_free(&b);
	pb_packed(&b, 1, (const uint64_t[]){ 1, 150, 3 }, 3);
	CHECK(same(&b, (const uint8_t[]){ 0x0a, 0x04, 0x01, 0x96, 0x01, 0x03 }, 6), "packed");
	pb_free(&b);
	/* A nested message of 200 bytes: its length takes two bytes, put in
	 * front of a body already written. */
	size_t m = pb_begin(&b, 4);
	for (int i = 0; i < 100; i++)
		pb_uint(&b, 1, 1);
	pb_end(&b, m);
	CHECK(b.len == 203 && b.data[0] == 0x22 && b.data[1] == 0xc8 && b.data[2] == 0x01 && b.data[3] == 0x08 &&
		      b.data[202] == 0x01,
	      "nested: %zu bytes, %02x %02x %02x", b.len, b.data[0], b.data[1], b.data[2]);
	pb_free(&b);
}

/* The test's decoder: one field at a time. */
struct rd {
	const uint8_t *p, *end;
};

static uint64_t varint(struct rd *r)
{
	uint64_t v = 0;
	for (int s = 0; r->p < r->end && s < 64; s += 7) {
		uint8_t c = *r->p++;
		v |= (uint64_t)(c & 0x7f) << s;
		if (!(c & 0x80))
			break;
	}
	return v;
}

/* The next field: its number, and its value or (length-delimited) body. */
static int field(struct rd *r, uint64_t *v, struct rd *body)
{
	if (r->p >= r->end)
		return 0;
	uint64_t key = varint(r);
	if ((key & 7) == 0) {
		*v = varint(r);
	} else if ((key & 7) == 2) {
		uint64_t n = varint(r);
		if (n > (uint64_t)(r->end - r->p))
			return -1;
		*body = (struct rd){ r->p, r->p + n };
		r->p += n;
	} else {
		return -1;
	}
	return (int)(key >> 3);
}

static uint64_t get(struct rd m, int want)
{
	uint64_t v = 0, got = 0;
	struct rd b;
	for (int f; (f = field(&m, &v, &b)) > 0;)
		if (f == want)
			got = v;
	return got;
}

static struct rd nth(struct rd m, int want, int n)
{
	uint64_t v;
	struct rd b = { 0 };
	for (int f; (f = field(&m, &v, &b)) > 0;)
		if (f == want && n-- == 0)
			return b;
	return (struct rd){ 0 };
}

static int count(struct rd m, int want)
{
	uint64_t v;
	struct rd b;
	int n = 0;
	for (int f; (f = field(&m, &v, &b)) > 0;)
		n += f == want;
	return n;
}

/* Packed repeated integers into out. */
static int packed(struct rd m, int want, uint64_t *out, int max)
{
	struct rd b = nth(m, want, 0);
	int n = 0;
	while (b.p && b.p < b.end && n < max)
		out[n++] = varint(&b);
	return n;
}

static const char *strs[64];
static char strbuf[64][128];

static const char *s(uint64_t i)
{
	return i < 64 && strs[i] ? strs[i] : "(none)";
}

static void read_strings(struct rd prof)
{
	for (int i = 0; i < 64; i++) {
		struct rd b = nth(prof, 6, i);
		if (!b.p) {
			strs[i] = NULL;
			continue;
		}
		snprintf(strbuf[i], sizeof(strbuf[i]), "%.*s", (int)(b.end - b.p), (const char *)b.p);
		strs[i] = strbuf[i];
	}
}

/* The id'd message (mapping, location, function) of id. */
static struct rd by_id(struct rd prof, int field_no, uint64_t id)
{
	for (int i = 0;; i++) {
		struct rd m = nth(prof, field_no, i);
		if (!m.p || get(m, 1) == id)
			return m;
	}
}

static const char *function_name(struct rd prof, struct rd line)
{
	return s(get(by_id(prof, 5, get(line, 1)), 2));
}

static void test_profile(void)
{
	struct pprof_opts o = { .types = { { "samples", "count" }, { "cpu", "nanoseconds" } }, .ntypes = 2,
				.default_type = 1, .period_type = { "cpu", "nanoseconds" }, .period = 10000000,
				.time_nanos = 1700000000123456789LL };
	struct pprof *p = pprof_new(&o);
	CHECK(p, "pprof_new");
	const uint8_t id[] = { 0xde, 0xad, 0x01 };
	int64_t kmap = pprof_mapping(p, &(struct pprof_mapping){ .start = 0xffff800000000000ULL, .limit = ~0ULL,
								 .file = "[kernel.kallsyms]", .last = true });
	int64_t umap = pprof_mapping(p, &(struct pprof_mapping){ .start = 0x400000, .limit = 0x500000, .offset = 0x1000,
								 .file = "/bin/prog", .build_id = id, .build_id_len = 3 });
	CHECK(kmap == 1 && umap == 2, "mapping ids %lld %lld", (long long)kmap, (long long)umap);
	CHECK(pprof_mapping(p, &(struct pprof_mapping){ .start = 0x400000, .limit = 0x500000, .offset = 0x1000,
							 .file = "/bin/prog", .build_id = id, .build_id_len = 3 }) == umap,
	      "the same mapping, the same id");
	struct pprof_line inl[] = { { .name = "inner", .file = "a.c", .line = 7 },
				    { .name = "ns::outer()", .system_name = "_ZN2ns5outerEv", .file = "a.c", .line = 20 } };
	int64_t l1 = pprof_location_add(p, (uint64_t)umap, 0x401234, inl, 2);
	int64_t l2 = pprof_location_add(p, (uint64_t)umap, 0x401300, &inl[1], 1);
	int64_t l3 = pprof_location_add(p, (uint64_t)kmap, 0xffffffff81000000ULL,
					&(struct pprof_line){ .name = "do_nanosleep" }, 1);
	int64_t miss = pprof_pseudo_location(p, "[Missed User Stack]");
	CHECK(pprof_location_find(p, (uint64_t)umap, 0x401234) == l1, "find a location");
	CHECK(pprof_location_find(p, (uint64_t)umap, 0x999) == 0, "an unknown location");
	CHECK(pprof_pseudo_location(p, "[Missed User Stack]") == miss, "one pseudo location per name");
	uint64_t stack[] = { (uint64_t)l3, (uint64_t)l1, (uint64_t)l2 };
	struct pprof_label labels[] = { { .key = "comm", .str = "prog" }, { .key = "pid", .num = 4242 } };
	CHECK(pprof_sample(p, stack, 3, (const int64_t[]){ 3, 30000000 }, labels, 2) == 0, "sample");
	CHECK(pprof_sample(p, (const uint64_t[]){ (uint64_t)miss }, 1, (const int64_t[]){ 1, 10000000 }, labels, 1) == 0,
	      "sample");

	char path[] = "/tmp/bpfkit-pprof-XXXXXX";
	int fd = mkstemp(path);
	CHECK(fd >= 0 && pprof_write(p, fd, 2500000000LL) == 0, "write");
	close(fd);
	pprof_free(p);

	/* gunzip: gzopen reads the gzip header, which pprof's readers need. */
	static uint8_t raw[1 << 16];
	gzFile gz = gzopen(path, "rb");
	int n = gz ? gzread(gz, raw, sizeof(raw)) : -1;
	CHECK(gz && gzdirect(gz) == 0, "gzip'd");
	if (gz)
		gzclose(gz);
	unlink(path);
	CHECK(n > 0, "read back %d bytes", n);
	if (n <= 0)
		return;
	struct rd prof = { raw, raw + n };
	read_strings(prof);
	CHECK(strs[0] && !strcmp(strs[0], ""), "string_table[0] is \"\"");

	CHECK(count(prof, 1) == 2, "two sample types");
	struct rd st0 = nth(prof, 1, 0), st1 = nth(prof, 1, 1);
	CHECK(!strcmp(s(get(st0, 1)), "samples") && !strcmp(s(get(st0, 2)), "count"), "sample type 0");
	CHECK(!strcmp(s(get(st1, 1)), "cpu") && !strcmp(s(get(st1, 2)), "nanoseconds"), "sample type 1");
	CHECK(!strcmp(s(get(prof, 14)), "cpu"), "default sample type");
	CHECK(!strcmp(s(get(nth(prof, 11, 0), 1)), "cpu"), "period type");
	CHECK(get(prof, 12) == 10000000 && get(prof, 9) == 1700000000123456789ULL && get(prof, 10) == 2500000000ULL,
	      "period, time, duration");

	CHECK(count(prof, 2) == 2, "%d samples", count(prof, 2));
	struct rd s0 = nth(prof, 2, 0);
	uint64_t locs[8], vals[4];
	CHECK(packed(s0, 1, locs, 8) == 3 && locs[0] == (uint64_t)l3 && locs[1] == (uint64_t)l1 &&
		      locs[2] == (uint64_t)l2,
	      "sample 0's locations, leaf first");
	CHECK(packed(s0, 2, vals, 4) == 2 && vals[0] == 3 && vals[1] == 30000000, "sample 0's values");
	CHECK(count(s0, 3) == 2, "two labels");
	struct rd comm = nth(s0, 3, 0), pid = nth(s0, 3, 1);
	CHECK(!strcmp(s(get(comm, 1)), "comm") && !strcmp(s(get(comm, 2)), "prog"), "comm label");
	CHECK(!strcmp(s(get(pid, 1)), "pid") && get(pid, 3) == 4242 && get(pid, 2) == 0, "pid label");

	/* Mappings: the program's first, the kernel's last. */
	CHECK(count(prof, 3) == 2, "%d mappings", count(prof, 3));
	struct rd m0 = nth(prof, 3, 0), m1 = nth(prof, 3, 1);
	CHECK(get(m0, 1) == (uint64_t)umap && !strcmp(s(get(m0, 5)), "/bin/prog") && get(m0, 2) == 0x400000 &&
		      get(m0, 3) == 0x500000 && get(m0, 4) == 0x1000,
	      "the program's mapping first");
	CHECK(!strcmp(s(get(m0, 6)), "dead01"), "build-id in hex: %s", s(get(m0, 6)));
	CHECK(get(m0, 7) && get(m0, 8) && get(m0, 9) && get(m0, 10), "symbolized already");
	CHECK(get(m1, 1) == (uint64_t)kmap && !strcmp(s(get(m1, 5)), "[kernel.kallsyms]"), "the kernel's last");

	/* The inline chain: one Location, two Lines, innermost first. */
	CHECK(count(prof, 4) == 4, "%d locations", count(prof, 4));
	struct rd loc = by_id(prof, 4, (uint64_t)l1);
	CHECK(get(loc, 2) == (uint64_t)umap && get(loc, 3) == 0x401234, "location's mapping and address");
	CHECK(count(loc, 4) == 2, "two lines");
	struct rd line0 = nth(loc, 4, 0), line1 = nth(loc, 4, 1);
	CHECK(!strcmp(function_name(prof, line0), "inner") && get(line0, 2) == 7, "inlined first");
	CHECK(!strcmp(function_name(prof, line1), "ns::outer()") && get(line1, 2) == 20, "its caller last");
	struct rd outer = by_id(prof, 5, get(line1, 1));
	CHECK(!strcmp(s(get(outer, 3)), "_ZN2ns5outerEv") && !strcmp(s(get(outer, 4)), "a.c"),
	      "system_name and filename");
	struct rd inner = by_id(prof, 5, get(line0, 1));
	CHECK(!strcmp(s(get(inner, 3)), "inner"), "system_name defaults to the name");
	/* ns::outer() at two locations is one function. */
	CHECK(count(prof, 5) == 4, "%d functions", count(prof, 5));
	CHECK(get(nth(by_id(prof, 4, (uint64_t)l2), 4, 0), 1) == get(line1, 1), "a function shared by locations");
	struct rd pseudo = by_id(prof, 4, (uint64_t)miss);
	CHECK(get(pseudo, 2) == 0 && !strcmp(function_name(prof, nth(pseudo, 4, 0)), "[Missed User Stack]"),
	      "a pseudo frame: no mapping, a name");
}

int main(void)
{
	test_wire();
	test_profile();
	if (!failures)
		printf("PASS\n");
	return failures != 0;
}
