/* The BPF side of core/probe.h's spec helpers: one body, the programs
 * each mechanism of a chain needs, named as the spec helper names them.
 *
 * BTF_RAW_TWINS(event, prefix, call, args...) makes prefix_btf on
 * tp_btf/event and prefix_raw on raw_tp/event (PROBE_BTF_RAW(event,
 * prefix)): both see the tracepoint's arguments with the types the kernel
 * passes them, the first checked by the verifier against BTF, the second
 * (kernels without tp_btf) read as raw u64s.
 *
 * A syscall's pair (PROBE_SYSCALL(call, prefix)): SYSCALL_ENTER(call) and
 * SYSCALL_EXIT(call) open the syscalls:sys_enter_CALL/sys_exit_CALL
 * programs (ctx->args[], ctx->ret), RAW_SYSCALL_ENTER(prefix) and
 * RAW_SYSCALL_EXIT(prefix) the raw sys_enter/sys_exit ones that kernels
 * without syscall tracepoints get (regs, id; regs, ret), which one program
 * may serve for several syscalls.  Each is followed by the body. */
#ifndef BPFKIT_PROBES_TWINS_BPF_H
#define BPFKIT_PROBES_TWINS_BPF_H
#include <bpf/bpf_tracing.h>

/* One program of a chain: SEC(sec) int PROG(name, args...) { return call; }. */
#define TWIN_PROG(sec, PROG, name, call, ...)                                          \
	SEC(sec)                                                                       \
	int PROG(name, __VA_ARGS__)                                                    \
	{                                                                              \
		return call;                                                           \
	}

/* One BTF-typed program (tp_btf, fentry, raw_tp) that returns call. */
#define ONE_PROG(sec, name, call, ...) TWIN_PROG(sec, BPF_PROG, name, call, __VA_ARGS__)

#define BTF_RAW_TWINS(event, prefix, call, ...)                                        \
	TWIN_PROG("tp_btf/" #event, BPF_PROG, prefix##_btf, call, __VA_ARGS__)         \
	TWIN_PROG("raw_tp/" #event, BPF_PROG, prefix##_raw, call, __VA_ARGS__)

/* PROBE_FENTRY's (and PROBE_FENTRY_TP's first two): prefix_fentry and
 * prefix_kprobe on the kernel function fn, one body. */
#define FENTRY_KPROBE_TWINS(fn, prefix, call, ...)                                     \
	TWIN_PROG("fentry/" #fn, BPF_PROG, prefix##_fentry, call, __VA_ARGS__)         \
	TWIN_PROG("kprobe/" #fn, BPF_KPROBE, prefix##_kprobe, call, __VA_ARGS__)

#define SYSCALL_ENTER(call)                                                            \
	SEC("tracepoint/syscalls/sys_enter_" #call)                                    \
	int call##_enter_tp(struct trace_event_raw_sys_enter *ctx)
#define SYSCALL_EXIT(call)                                                             \
	SEC("tracepoint/syscalls/sys_exit_" #call)                                     \
	int call##_exit_tp(struct trace_event_raw_sys_exit *ctx)
#define RAW_SYSCALL_ENTER(prefix)                                                      \
	SEC("raw_tp/sys_enter")                                                        \
	int BPF_PROG(prefix##_enter_raw, struct pt_regs *regs, long id)
#define RAW_SYSCALL_EXIT(prefix)                                                       \
	SEC("raw_tp/sys_exit")                                                         \
	int BPF_PROG(prefix##_exit_raw, struct pt_regs *regs, long ret)

#endif
