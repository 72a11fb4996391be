/* Entry programs for tools that attach one handler to many run-time
 * attach points (core/attach.c): each kind of probe gets a program of the
 * fixed name core/attach.c looks for, and all call the tool's
 *     static __always_inline int on_hit(void *ctx, __u64 cookie);
 * with the cookie naming which attach point fired.  Define on_hit before
 * including this file; tools timing calls define DYNAMIC_RETURNS and
 *     static __always_inline int on_call(void *ctx, __u64 cookie, bool btf);
 *     static __always_inline int on_return(void *ctx, bool btf);
 * instead, btf true where ctx is an fentry/fexit program's (arguments by
 * probes/lib/functime.bpf.h's func_arg and func_ret), false where it is
 * the registers. */
#ifndef BPFKIT_PROBES_DYNAMIC_BPF_H
#define BPFKIT_PROBES_DYNAMIC_BPF_H
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_tracing.h>
#include <bpf/usdt.bpf.h>

/* Kernels without BPF cookies on kprobe, uprobe and tracepoint links
 * (before 5.15: no BPF_FUNC_get_attach_cookie in their enum bpf_func_id)
 * load the other branch, and the verifier drops the call they would
 * refuse.  There core/pointkeys.c keys each point by what its program
 * sees: a kprobe by its function's address.  A uprobe's address differs
 * from process to process and a tracepoint's record does not say which
 * event it is (its first 8 bytes hold the registers' address), so such a
 * kernel gets one of each, under a key of its own.  Sized by
 * core/pointkeys.c. */
#define DYNAMIC_UPROBE_KEY 0
#define DYNAMIC_TRACEPOINT_KEY 1
/* Set by core/pointkeys.c when it keys points (also on a kernel with
 * cookies whose "cookies" feature BPFKIT_DISABLE turns off, to test this
 * path). */
const volatile bool dynamic_keyed = false;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1);
	__type(key, __u64);
	__type(value, __u64);
} dynamic_points SEC(".maps");

#ifdef DYNAMIC_RETURNS
static __always_inline int on_hit(void *ctx, __u64 cookie)
{
	return on_call(ctx, cookie, false);
}
#endif

static __always_inline int dynamic_hit(void *ctx, __u64 key)
{
	if (!dynamic_keyed && bpf_core_enum_value_exists(enum bpf_func_id, BPF_FUNC_get_attach_cookie))
		return on_hit(ctx, bpf_get_attach_cookie(ctx));
	__u64 *point = bpf_map_lookup_elem(&dynamic_points, &key);
	return point ? on_hit(ctx, *point) : 0;
}

SEC("kprobe")
int on_kprobe(struct pt_regs *ctx)
{
	/* A kprobe on a function's first instruction sees the instruction
	 * pointer one past it, as after the breakpoint (ftrace-based ones
	 * too). */
	return dynamic_hit(ctx, PT_REGS_IP(ctx) - 1);
}

SEC("kprobe.multi")
int on_kprobe_multi(struct pt_regs *ctx)
{
	return on_hit(ctx, bpf_get_attach_cookie(ctx));
}

SEC("uprobe")
int on_uprobe(struct pt_regs *ctx)
{
	return dynamic_hit(ctx, DYNAMIC_UPROBE_KEY);
}

SEC("uprobe.multi")
int on_uprobe_multi(struct pt_regs *ctx)
{
	return on_hit(ctx, bpf_get_attach_cookie(ctx));
}

SEC("tracepoint")
int on_tracepoint(void *ctx)
{
	return dynamic_hit(ctx, DYNAMIC_TRACEPOINT_KEY);
}

SEC("usdt")
int on_usdt(struct pt_regs *ctx)
{
	return on_hit(ctx, bpf_usdt_cookie(ctx));
}

#ifdef DYNAMIC_RETURNS
/* The same functions at their return, for tools timing calls (funclatency,
 * funcslower), which define
 *     static __always_inline int on_return(void *ctx);
 * and know the call by what its entry kept (a kretprobe's instruction
 * pointer is the trampoline's, and the points need no cookie of their
 * own). */
#define DYNAMIC_RETURN_PROG(sec, name)        \
	SEC(sec)                              \
	int name(struct pt_regs *ctx)         \
	{                                     \
		return on_return(ctx, false); \
	}
DYNAMIC_RETURN_PROG("kretprobe", on_kretprobe)
DYNAMIC_RETURN_PROG("kretprobe.multi", on_kretprobe_multi)
DYNAMIC_RETURN_PROG("uretprobe", on_uretprobe)
DYNAMIC_RETURN_PROG("uretprobe.multi", on_uretprobe_multi)

/* A few kernel functions through BPF trampolines, cheaper than kprobes
 * and there where kprobes are not: a trampoline program is loaded for one
 * function, so each slot is a pair core/attach.c aims at one function
 * before load (the rest stay unloaded), and dynamic_fentry_points gives
 * the slot's attach point (kernels before 5.19 have no cookie for them). */
#define DYNAMIC_FENTRY_SLOTS 8
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, DYNAMIC_FENTRY_SLOTS);
	__type(key, __u32);
	__type(value, __u64);
} dynamic_fentry_points SEC(".maps");

#define DYNAMIC_FENTRY_SLOT(i)                                                \
	SEC("fentry")                                                         \
	int on_fentry##i(__u64 *ctx)                                          \
	{                                                                     \
		__u32 slot = i;                                               \
		__u64 *point = bpf_map_lookup_elem(&dynamic_fentry_points, &slot); \
		func_slot_enter(i);                                           \
		return point ? on_call(ctx, *point, true) : 0;                \
	}                                                                     \
	SEC("fexit")                                                          \
	int on_fexit##i(__u64 *ctx)                                           \
	{                                                                     \
		func_slot_enter(i);                                           \
		return on_return(ctx, true);                                  \
	}
DYNAMIC_FENTRY_SLOT(0)
DYNAMIC_FENTRY_SLOT(1)
DYNAMIC_FENTRY_SLOT(2)
DYNAMIC_FENTRY_SLOT(3)
DYNAMIC_FENTRY_SLOT(4)
DYNAMIC_FENTRY_SLOT(5)
DYNAMIC_FENTRY_SLOT(6)
DYNAMIC_FENTRY_SLOT(7)
#endif

#ifdef DYNAMIC_RAW_TRACEPOINTS
/* Tracepoints through raw tracepoint links, for tools that read neither
 * their fields nor their stacks (funccount), on kernels whose raw
 * tracepoint links carry a cookie (6.10): a perf-event tracepoint is
 * released under the kernel's global event_mutex after a grace period,
 * ~45 ms each, one after another (1601 of them took 72 s to detach here);
 * a raw tracepoint link is let go at once. */
SEC("raw_tp")
int on_raw_tracepoint(void *ctx)
{
	return on_hit(ctx, bpf_get_attach_cookie(ctx));
}
#endif

#ifdef DYNAMIC_SYSCALLS
/* The syscalls:sys_{enter,exit}_NAME tracepoints in bulk, for tools that
 * need neither their fields nor their stacks (funccount): every one of those
 * events is fed by the raw tracepoints sys_enter/sys_exit, so one raw_tp
 * link per direction, with the attach point looked up by syscall number,
 * sees the same calls as hundreds of perf-event links.  Those the kernel
 * releases one at a time under a global mutex, ~40 ms each: 360 of them
 * took 15-25 s to detach.  Slot value: cookie + 1, 0 for "not traced". */
#define DYNAMIC_MAX_SYSCALLS 1024
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, DYNAMIC_MAX_SYSCALLS);
	__type(key, __u32);
	__type(value, __u64);
} syscall_enter_points SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, DYNAMIC_MAX_SYSCALLS);
	__type(key, __u32);
	__type(value, __u64);
} syscall_exit_points SEC(".maps");

/* The syscall events leave out 32-bit (ia32) tasks' calls, whose numbers
 * mean other syscalls (trace_get_syscall_nr); x32 numbers carry bit 30 and
 * fall outside the map. */
#define DYNAMIC_TS_COMPAT 0x0002

static __always_inline int on_syscall(void *ctx, void *points, long nr)
{
	if (nr < 0 || nr >= DYNAMIC_MAX_SYSCALLS)
		return 0;
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	if (BPF_CORE_READ(task, thread_info.status) & DYNAMIC_TS_COMPAT)
		return 0;
	__u32 key = nr;
	__u64 *slot = bpf_map_lookup_elem(points, &key);
	if (!slot || !*slot)
		return 0;
	return on_hit(ctx, *slot - 1);
}

SEC("raw_tp/sys_enter")
int on_sys_enter(struct bpf_raw_tracepoint_args *ctx)
{
	return on_syscall(ctx, &syscall_enter_points, (long)ctx->args[1]);
}

SEC("raw_tp/sys_exit")
int on_sys_exit(struct bpf_raw_tracepoint_args *ctx)
{
	/* sys_exit gives (regs, ret): the number is the one the task asked
	 * for, orig_ax, as the kernel's syscall_get_nr() reads it. */
	struct pt_regs *regs = (struct pt_regs *)ctx->args[0];
	return on_syscall(ctx, &syscall_exit_points, BPF_CORE_READ(regs, orig_ax));
}
#endif

#endif
