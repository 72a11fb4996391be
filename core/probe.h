/* Probe specs: a tool says WHAT it needs to see ("the execve syscall
 * returning", "a task being switched out") as a chain of ways to see it,
 * best first.  The engine picks, per kernel, the first way this kernel has,
 * loads only that program, and attaches it; when no way is left it names the
 * probe and what each mechanism lacked. */
#ifndef BPFKIT_CORE_PROBE_H
#define BPFKIT_CORE_PROBE_H
#include <stdbool.h>
#include <sys/types.h>

struct bpf_object;
struct bpf_link;

enum probe_mech {
	PM_NONE,
	PM_FENTRY,
	PM_FEXIT,
	PM_KPROBE,
	PM_KRETPROBE,
	PM_TP_BTF,
	PM_RAW_TP,
	PM_TRACEPOINT,
	PM_UPROBE, /* target: the function in the spec's *binary */
	PM_URETPROBE,
	/* A USDT probe, target "provider:name", in the spec's binary or
	 * library: libbpf's (its arguments by bpf_usdt_arg(), its semaphore
	 * counted up while attached). */
	PM_USDT,
};

struct probe_alt {
	enum probe_mech mech;
	const char *prog;   /* program name in the BPF object */
	const char *target; /* function, raw tracepoint name, or "category:event" */
};

#define PROBE_MAX_ALTS 5

struct probe_spec {
	const char *name; /* what a user calls it, used in messages */
	struct probe_alt alt[PROBE_MAX_ALTS];
	/* The tool still works without it (a syscall this kernel lacks; a
	 * user function the file lacks, said at attach). */
	bool optional;
	/* A bool in the object's rodata that tracer_start() sets when this
	 * spec gets its raw tracepoint: a program serving several syscalls
	 * from raw sys_enter then knows which are its own. */
	const char *raw_flag;
	/* Uprobes: the file the tool found before load (.configure), and the
	 * process to probe in it (0: every process). */
	const char *const *binary;
	/* Or a library core finds when attaching (core/binary.h: "c", a
	 * soname or a path; in *pid's mappings where given). */
	const char *const *library;
	const pid_t *pid;
	/* Needed only while *when (an option's flag, tcpretrans -l): else
	 * nothing of it is loaded. */
	const bool *when;
};

/* The usual chains, spelled once.  A syscall's entry and return (two
 * specs): its syscalls: tracepoints, programs CALL_enter_tp and CALL_exit_tp,
 * else the raw sys_enter/sys_exit ones, PREFIX_enter_raw and PREFIX_exit_raw,
 * which may serve several calls (the program checks the syscall number, and
 * rodata raw_CALL, where the object has it, says the raw ones serve CALL).
 * Trailing designators apply to both:
 * PROBE_SYSCALL("openat2", "open", .optional = true).  The BPF side:
 * probes/lib/twins.bpf.h's SYSCALL_ENTER/EXIT and RAW_SYSCALL_ENTER/EXIT. */
#define PROBE_SYSCALL(call, prefix, ...)                                               \
	{ call " entry",                                                               \
	  { { PM_TRACEPOINT, call "_enter_tp", "syscalls:sys_enter_" call },           \
	    { PM_RAW_TP, prefix "_enter_raw", "sys_enter" } },                         \
	  .raw_flag = "raw_" call, __VA_ARGS__ },                                      \
	{ call " return",                                                              \
	  { { PM_TRACEPOINT, call "_exit_tp", "syscalls:sys_exit_" call },             \
	    { PM_RAW_TP, prefix "_exit_raw", "sys_exit" } },                           \
	  __VA_ARGS__ }
/* A BTF-enabled tracepoint, else the same raw one: programs PREFIX_btf and
 * PREFIX_raw; the _TP form ends with the tracepoint CATEGORY:EVENT,
 * program PREFIX_tp. */
#define PROBE_BTF_RAW(event, prefix, ...)                                              \
	{ event, { { PM_TP_BTF, prefix "_btf", event }, { PM_RAW_TP, prefix "_raw", event } }, __VA_ARGS__ }
#define PROBE_BTF_RAW_TP(category, event, prefix, ...)                                 \
	{ event,                                                                       \
	  { { PM_TP_BTF, prefix "_btf", event },                                       \
	    { PM_RAW_TP, prefix "_raw", event },                                       \
	    { PM_TRACEPOINT, prefix "_tp", category ":" event } },                     \
	  __VA_ARGS__ }
/* A kernel function's entry by fentry, else kprobe (programs PREFIX_fentry,
 * PREFIX_kprobe), and its return by fexit, else kretprobe (PREFIX_fexit,
 * PREFIX_kretprobe). */
#define PROBE_FENTRY(name, func, prefix, ...)                                          \
	{ name, { { PM_FENTRY, prefix "_fentry", func }, { PM_KPROBE, prefix "_kprobe", func } }, __VA_ARGS__ }
#define PROBE_FEXIT(name, func, prefix, ...)                                           \
	{ name, { { PM_FEXIT, prefix "_fexit", func }, { PM_KRETPROBE, prefix "_kretprobe", func } }, __VA_ARGS__ }

/* A user function's entry (program PREFIX_uprobe) in the file *binary_ptr
 * names once the tool has found it: PROBE_UPROBE("pthread_create",
 * "pthread_create", &path, .pid = &tool_args.pid). */
#define PROBE_UPROBE(func, prefix, binary_ptr, ...) \
	{ func, { { PM_UPROBE, prefix "_uprobe", func } }, .binary = (binary_ptr), __VA_ARGS__ }
/* Its entry and its return: programs FUNC_uprobe and FUNC_uretprobe, specs
 * "func" and "func return" (tcpconnect -d's getaddrinfo). */
#define PROBE_UPROBE_BOTH(func, binary_ptr, ...)                                                           \
	PROBE_UPROBE(func, func, binary_ptr, __VA_ARGS__),                                                 \
	{ func " return", { { PM_URETPROBE, func "_uretprobe", func } }, .binary = (binary_ptr), __VA_ARGS__ }

/* A USDT probe (program PREFIX_usdt) in the file *binary_ptr names:
 * PROBE_USDT("query start", "postgresql", "query__start", "query_start",
 * &path, .pid = &tool_args.pid).  BPF side: SEC("usdt") with BPF_USDT(). */
#define PROBE_USDT(name, provider, probe, prefix, binary_ptr, ...) \
	{ name, { { PM_USDT, prefix "_usdt", provider ":" probe } }, .binary = (binary_ptr), __VA_ARGS__ }

/* The same, with a tracepoint that tells the same facts as the last
 * resort (kernels without kprobes): program PREFIX_tp on "category:event". */
#define PROBE_FENTRY_TP(name, func, prefix, tp, ...)                                                    \
	{ name,                                                                                         \
	  { { PM_FENTRY, prefix "_fentry", func }, { PM_KPROBE, prefix "_kprobe", func },                 \
	    { PM_TRACEPOINT, prefix "_tp", tp } },                                                       \
	  __VA_ARGS__ }
#define PROBE_FEXIT_TP(name, func, prefix, tp, ...)                                                     \
	{ name,                                                                                         \
	  { { PM_FEXIT, prefix "_fexit", func }, { PM_KRETPROBE, prefix "_kretprobe", func },             \
	    { PM_TRACEPOINT, prefix "_tp", tp } },                                                       \
	  __VA_ARGS__ }
/* Both ends of func, each with its tracepoint (bindsnoop's inet_bind and
 * sys_enter_bind/sys_exit_bind): programs PREFIX_enter_* and PREFIX_exit_*,
 * specs "func" and "func return". */
#define PROBE_FENTRY_FEXIT_TP(func, prefix, enter_tp, exit_tp)                 \
	PROBE_FENTRY_TP(func, func, prefix "_enter", enter_tp),                \
	PROBE_FEXIT_TP(func " return", func, prefix "_exit", exit_tp)

const char *probe_mech_name(enum probe_mech m);

/* Choose one alternative per spec (chosen[i] = index, or -1 for a skipped
 * optional spec) and switch off autoload of every program not chosen, so the
 * kernel never sees programs it could not verify.  Returns -EOPNOTSUPP after
 * printing which probe could not be had and why. */
int probes_select(struct bpf_object *obj, const struct probe_spec *specs, int n, int *chosen);

/* Attach the chosen programs; on failure, links made so far are destroyed and
 * the failing probe is named. */
int probes_attach(struct bpf_object *obj, const struct probe_spec *specs, int n, const int *chosen,
		  struct bpf_link **links);

#endif
