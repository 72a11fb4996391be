/* Names of a kernel enum's values from the running kernel's BTF: enums such
 * as skb_drop_reason and wb_reason are numbered differently by each kernel
 * version, so a number from a probe is named by the kernel it came from. */
#ifndef BPFKIT_CORE_BTFENUM_H
#define BPFKIT_CORE_BTFENUM_H

/* The name of VALUE in enum TYPE with PREFIX taken off when it has it
 * ("SKB_DROP_REASON_" -> "NO_SOCKET"), or NULL when this kernel's BTF has no
 * such enum or value.  The BTF is read once and kept until exit. */
const char *kernel_enum_name(const char *type, long long value, const char *prefix);

/* A column of such a value as "NAME (CODE)" (BCC's tcpdrop REASON (CODE)):
 * "? (?)" for a negative value (the probe could not read it); with -j the
 * name and the number under keys name_key and code_key. */
struct record_column;
void kernel_enum_col(const struct record_column *c, const char *type, const char *prefix, long long value,
		     const char *name_key, const char *code_key);

#endif
