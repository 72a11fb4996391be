/* Values printed by their BTF type: what `bpfkit run` shows of an object it
 * did not build (map keys and values, ring buffer records).  Integers as
 * numbers (signed or not as declared, bool as true/false, enums by name),
 * char arrays as strings up to their NUL, other arrays as [a, b], structs
 * and unions as {field=value ...}, pointers in hex; with -j the same as
 * JSON values (strings, numbers, arrays, objects). */
#ifndef BPFKIT_CORE_BTFPRINT_H
#define BPFKIT_CORE_BTFPRINT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct btf;
struct json;

/* One member of a struct as a column: its name, type and where it is in
 * the record (bit_size 0: not a bit field). */
struct btfprint_col {
	const char *name;
	uint32_t type_id;
	uint32_t bit_off, bit_size;
};

/* The type id with typedefs, const, volatile and restrict taken off. */
uint32_t btfprint_resolve(const struct btf *btf, uint32_t id);

/* The columns of a record of type id: a struct's members, in order (an
 * anonymous struct or union member as one column named by its position),
 * or, for any other type, one column named fallback.  Returns how many (at
 * most max), or -EINVAL for a type that has no size (void, a function). */
int btfprint_columns(const struct btf *btf, uint32_t id, const char *fallback, struct btfprint_col *cols,
		     int max);

/* The text of column c of the record at data (size bytes), NUL-terminated
 * in buf (cut at len - 1).  Bytes beyond size print as "?". */
void btfprint_col_text(const struct btf *btf, const struct btfprint_col *c, const void *data, size_t size,
		       char *buf, size_t len);
/* The text of a whole value of type id. */
void btfprint_text(const struct btf *btf, uint32_t id, const void *data, size_t size, char *buf, size_t len);

/* The column (or value) as JSON under key, to a writer of histo/json.h. */
void btfprint_col_json(struct json *j, const struct btf *btf, const struct btfprint_col *c, const void *data,
		       size_t size);
void btfprint_json(struct json *j, const char *key, const struct btf *btf, uint32_t id, const void *data,
		   size_t size);

/* Whether column c is an integer (or enum, bool, char), and if so its value
 * (sign-extended when signed) in *v. */
bool btfprint_col_int(const struct btf *btf, const struct btfprint_col *c, const void *data, size_t size,
		      int64_t *v, bool *is_signed);

#endif
