/* core/btfprint.c on types built here with libbpf's BTF writer: integers
 * of each sign and width, bool, enums, char arrays as strings, other
 * arrays, nested structs, bit fields, and the JSON of the same. */
#include "core/btfprint.h"
#include "histo/json.h"
#include "check.h"

#include <bpf/btf.h>
#include <stdlib.h>
#include <string.h>

struct rec {
	unsigned int pid;
	int ret;
	char comm[8];
	unsigned short ports[2];
	struct {
		unsigned char flag;
		_Bool on;
	} inner;
	unsigned short pad; /* the bit fields in a word of their own */
	unsigned int lo : 3, hi : 5;
	int state; /* enum state */
};

_Static_assert(sizeof(struct rec) == 32, "the BTF below describes this layout");

static char *json_of(const struct btf *btf, uint32_t id, const void *d, size_t n)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct json j;
	json_init(&j, f, false);
	btfprint_json(&j, NULL, btf, id, d, n);
	json_line_end(&j);
	fclose(f);
	buf[strcspn(buf, "\n")] = 0;
	return buf;
}

int main(void)
{
	struct btf *btf = btf__new_empty();
	int u32 = btf__add_int(btf, "unsigned int", 4, 0);
	int s32 = btf__add_int(btf, "int", 4, BTF_INT_SIGNED);
	int chr = btf__add_int(btf, "char", 1, BTF_INT_CHAR | BTF_INT_SIGNED);
	int u16 = btf__add_int(btf, "unsigned short", 2, 0);
	int u8 = btf__add_int(btf, "unsigned char", 1, 0);
	int bl = btf__add_int(btf, "_Bool", 1, BTF_INT_BOOL);
	int comm = btf__add_array(btf, u32, chr, 8);
	int ports = btf__add_array(btf, u32, u16, 2);
	int st = btf__add_enum(btf, "state", 4);
	btf__add_enum_value(btf, "IDLE", 0);
	btf__add_enum_value(btf, "BUSY", 1);
	int inner = btf__add_struct(btf, NULL, 2);
	btf__add_field(btf, "flag", u8, 0, 0);
	btf__add_field(btf, "on", bl, 8, 0);
	int pid_t_ = btf__add_typedef(btf, "pid_t", u32);
	int rec = btf__add_struct(btf, "rec", sizeof(struct rec));
	btf__add_field(btf, "pid", pid_t_, 0, 0);
	btf__add_field(btf, "ret", s32, 32, 0);
	btf__add_field(btf, "comm", comm, 64, 0);
	btf__add_field(btf, "ports", ports, 128, 0);
	btf__add_field(btf, "inner", inner, 160, 0);
	btf__add_field(btf, "pad", u16, 176, 0);
	btf__add_field(btf, "lo", u32, 192, 3);
	btf__add_field(btf, "hi", u32, 195, 5);
	btf__add_field(btf, "state", st, 224, 0);
	CHECK(rec > 0, "btf__add_struct: %d", rec);

	struct rec r = { .pid = 4242, .ret = -2, .comm = "writer", .ports = { 80, 443 },
			 .inner = { 7, 1 }, .lo = 5, .hi = 19, .state = 1 };
	char buf[256];
	btfprint_text(btf, rec, &r, sizeof(r), buf, sizeof(buf));
	const char *want = "{pid=4242 ret=-2 comm=writer ports=[80, 443] inner={flag=7 on=true} pad=0 lo=5 hi=19 state=BUSY}";
	CHECK(!strcmp(buf, want), "text: got %s", buf);

	struct btfprint_col cols[16];
	int n = btfprint_columns(btf, rec, "value", cols, 16);
	CHECK(n == 9, "columns: %d", n);
	CHECK(n == 9 && !strcmp(cols[2].name, "comm") && cols[2].bit_off == 64, "column 2: %s", cols[2].name);
	btfprint_col_text(btf, &cols[7], &r, sizeof(r), buf, sizeof(buf));
	CHECK(!strcmp(buf, "19"), "bit field hi: %s", buf);
	int64_t v;
	bool sgn;
	CHECK(btfprint_col_int(btf, &cols[1], &r, sizeof(r), &v, &sgn) && v == -2 && sgn, "ret as int: %lld",
	      (long long)v);
	CHECK(!btfprint_col_int(btf, &cols[2], &r, sizeof(r), &v, &sgn), "comm is no integer");

	/* Not a struct: one column named by the fallback. */
	n = btfprint_columns(btf, u32, "count", cols, 16);
	CHECK(n == 1 && !strcmp(cols[0].name, "count"), "integer's column: %d", n);

	/* A full char array has no NUL; unprintable bytes are escaped. */
	char full[8] = { 'a', 'b', '\n', 'c', 'd', 'e', 'f', 'g' };
	btfprint_text(btf, comm, full, sizeof(full), buf, sizeof(buf));
	CHECK(!strcmp(buf, "ab\\x0acdefg"), "full comm: %s", buf);

	/* A record cut short: what is missing is "?", never read. */
	btfprint_text(btf, rec, &r, 6, buf, sizeof(buf));
	CHECK(!strncmp(buf, "{pid=4242 ret=? comm= ", 22), "short record: %s", buf);

	char *js = json_of(btf, rec, &r, sizeof(r));
	const char *wantj = "{\"pid\": 4242, \"ret\": -2, \"comm\": \"writer\", \"ports\": [80, 443], "
			    "\"inner\": {\"flag\": 7, \"on\": true}, \"pad\": 0, \"lo\": 5, \"hi\": 19, \"state\": \"BUSY\"}";
	CHECK(!strcmp(js, wantj), "json: got %s", js);
	free(js);

	/* A negative 8-bit enum value, and an unnamed one as its number. */
	int e8 = btf__add_enum(btf, "small", 1);
	btf__add_enum_value(btf, "MINUS", -1);
	signed char m1 = -1, two = 2;
	btfprint_text(btf, e8, &m1, 1, buf, sizeof(buf));
	CHECK(!strcmp(buf, "MINUS"), "enum -1: %s", buf);
	btfprint_text(btf, e8, &two, 1, buf, sizeof(buf));
	CHECK(!strcmp(buf, "2"), "enum 2: %s", buf);

	btf__free(btf);
	if (failures)
		printf("%d failures\n", failures);
	else
		printf("ok\n");
	return failures != 0;
}
