#include "core/btfenum.h"

#include "core/btfproto.h"
#include "core/output.h"
#include "core/record.h"

#include <bpf/btf.h>
#include <stdio.h>
#include <string.h>

/* The last enum asked for: a tool names values of one or two enums, row
 * after row, so one cached lookup saves a search of the whole BTF a row. */
static const struct btf_type *enum_type(const char *type)
{
	static char last[64];
	static const struct btf_type *last_t;
	const struct btf *vmlinux = kernel_btf();
	if (!vmlinux)
		return NULL;
	if (strcmp(last, type)) {
		int id = btf__find_by_name_kind(vmlinux, type, BTF_KIND_ENUM);
		last_t = id > 0 ? btf__type_by_id(vmlinux, id) : NULL;
		snprintf(last, sizeof(last), "%s", type);
	}
	return last_t;
}

const char *kernel_enum_name(const char *type, long long value, const char *prefix)
{
	const struct btf_type *t = enum_type(type);
	const struct btf_enum *v = t ? btf_enum(t) : NULL;
	size_t n = strlen(prefix);
	for (int i = 0; v && i < btf_vlen(t); i++)
		if (v[i].val == value) {
			const char *name = btf__name_by_offset(kernel_btf(), v[i].name_off);
			return strncmp(name, prefix, n) ? name : name + n;
		}
	return NULL;
}

void kernel_enum_col(const struct record_column *c, const char *type, const char *prefix, long long value,
		     const char *name_key, const char *code_key)
{
	const char *name = value < 0 ? NULL : kernel_enum_name(type, value, prefix);
	char buf[96];
	if (output_mode == OUTPUT_JSON) {
		if (value < 0)
			rec_none(name_key, NULL, "?"), rec_none(code_key, NULL, "?");
		else
			rec_str(name_key, NULL, name ?: "?"), rec_u64(code_key, NULL, value);
		return;
	}
	if (value < 0)
		snprintf(buf, sizeof(buf), "? (?)");
	else
		snprintf(buf, sizeof(buf), "%s (%lld)", name ?: "?", value);
	rec_col_str(c, buf);
}
