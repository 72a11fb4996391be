/* The language runtimes' USDT arguments, read once for every language
 * tool: which argument of a method probe is its class (or file) and which
 * its method, and HotSpot's strings, which are (pointer, length) pairs
 * without a NUL. */
#ifndef BPFKIT_PROBES_LANG_BPF_H
#define BPFKIT_PROBES_LANG_BPF_H
#include <bpf/usdt.bpf.h>
#include "lang.h"

/* String argument arg into dst (zeroed by the caller, so keys compare
 * equal): NUL-terminated, or of the length in argument len_arg (>= 0). */
static __always_inline void lang_str(struct pt_regs *ctx, int arg, int len_arg, char *dst, unsigned size)
{
	long ptr = 0, len = 0;
	if (arg < 0 || bpf_usdt_arg(ctx, arg, &ptr) || !ptr)
		return;
	if (len_arg < 0) {
		bpf_probe_read_user_str(dst, size, (void *)ptr);
		return;
	}
	if (bpf_usdt_arg(ctx, len_arg, &len) || len <= 0)
		return;
	if (len > size - 1)
		len = size - 1;
	bpf_probe_read_user(dst, len, (void *)ptr);
}

/* Programs LANG_entry_usdt and LANG_return_usdt for one runtime's method
 * probes, the class at argument cls (length at cls_len, -1: NUL-ended; cls
 * -1: none, Tcl) and the method at meth (meth_len), each calling the
 * tool's on_method(ctx, &m, is_return). */
#define LANG_METHOD_PROGS(lang, cls, cls_len, meth, meth_len)                                        \
	static __always_inline int lang##_method(struct pt_regs *ctx, bool ret)                      \
	{                                                                                            \
		struct lang_method m = {};                                                           \
		lang_str(ctx, cls, cls_len, m.clazz, sizeof(m.clazz));                               \
		lang_str(ctx, meth, meth_len, m.method, sizeof(m.method));                           \
		return on_method(ctx, &m, ret);                                                      \
	}                                                                                            \
	SEC("usdt") int lang##_entry_usdt(struct pt_regs *ctx) { return lang##_method(ctx, false); } \
	SEC("usdt") int lang##_return_usdt(struct pt_regs *ctx) { return lang##_method(ctx, true); }

/* Every runtime's, by BCC's argument positions (counted from 0 here):
 * HotSpot's method__entry(tid, class, len, method, len, sig, len), Perl's
 * sub__entry(sub, file, line, package), PHP's function__entry(function,
 * file, line, class, scope), CPython's function__entry(file, function,
 * line), Ruby's method__entry(class, method, file, line) (and
 * cmethod__entry), Tcl's proc__entry(name, argc, argv). */
#define LANG_ALL_METHOD_PROGS                   \
	LANG_METHOD_PROGS(java, 1, 2, 3, 4)     \
	LANG_METHOD_PROGS(perl, 1, -1, 0, -1)   \
	LANG_METHOD_PROGS(php, 3, -1, 0, -1)    \
	LANG_METHOD_PROGS(python, 0, -1, 1, -1) \
	LANG_METHOD_PROGS(ruby, 0, -1, 1, -1)   \
	LANG_METHOD_PROGS(rubyc, 0, -1, 1, -1)  \
	LANG_METHOD_PROGS(tcl, -1, -1, 0, -1)

/* CPython 3.11 fires function__entry and __return only on its tracing
 * path, which it takes while the line probe's semaphore is set: a program
 * on line (doing nothing) sets it. */
#define LANG_PYTHON_LINE_PROG \
	SEC("usdt") int python_line_usdt(struct pt_regs *ctx) { return 0; }

#endif
