/* The running kernel's BTF, read once, and what its tracepoints pass, from
 * their BTF prototypes (btf_trace_EVENT): tracepoints change their
 * arguments between kernel versions, and a tp_btf program reads them as
 * this kernel passes them. */
#ifndef BPFKIT_CORE_BTFPROTO_H
#define BPFKIT_CORE_BTFPROTO_H
#include <stdbool.h>

struct btf;
struct btf_type;

/* /sys/kernel/btf/vmlinux, loaded on first use and kept until exit; NULL
 * when the kernel has none. */
const struct btf *kernel_btf(void);

/* The function prototype of tracepoint EVENT, (void *data, args...); NULL
 * when this kernel's BTF has no such tracepoint. */
const struct btf_type *btf_tracepoint_proto(const char *event);

/* Whether the tracepoint EVENT's first argument is a pointer to struct
 * NAME (mm_compaction_begin's compact_control, in kernels after 5.15); false
 * when this kernel's BTF has no such tracepoint. */
bool btf_tracepoint_takes(const char *event, const char *name);

/* A function of the kernel proper (not a module) whose arguments and
 * return value a BPF trampoline passes: in vmlinux BTF, at most 6
 * arguments, none and no return value a struct or union by value, not
 * variadic.  Anything else fails the fentry program's load, and with it
 * the whole object's. */
bool btf_function_trampolinable(const char *func);
/* The kernel function's parameter count, from its BTF, and the first max
 * parameters' sizes in bytes (8 for anything wider): or -ENOENT. */
int btf_function_nargs(const char *func, unsigned char sizes[], int max);

#endif
