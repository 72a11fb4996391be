#include "core/features.h"

#include "core/privilege.h"

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <stdarg.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/vfs.h>
#include <unistd.h>

#define TRACEFS_MAGIC 0x74726163

struct feature_state {
	bool probed, avail;
	char reason[200];
};

static struct feature_state state[FEAT__COUNT];

static const char *const names[FEAT__COUNT] = {
	[FEAT_BTF] = "btf",
	[FEAT_KPROBES] = "kprobes",
	[FEAT_KPROBE_MULTI] = "kprobe_multi",
	[FEAT_FENTRY] = "fentry",
	[FEAT_TP_BTF] = "tp_btf",
	[FEAT_RAW_TP] = "raw_tp",
	[FEAT_RAW_TP_COOKIE] = "raw_tp_cookie",
	[FEAT_TRACEPOINTS] = "tracepoints",
	[FEAT_TRACEFS] = "tracefs",
	[FEAT_UPROBES] = "uprobes",
	[FEAT_UPROBE_MULTI] = "uprobe_multi",
	[FEAT_COOKIE] = "cookies",
	[FEAT_RINGBUF] = "ringbuf",
	[FEAT_PERF_SW] = "perf_sw",
	[FEAT_PMU] = "pmu",
};

const char *feature_name(enum feature f)
{
	return names[f];
}

bool feature_disabled_by_env(enum feature f)
{
	const char *env = getenv("BPFKIT_DISABLE");
	if (!env)
		return false;
	size_t len = strlen(names[f]);
	for (const char *p = env; *p;) {
		size_t n = strcspn(p, ", ");
		if (n == len && !strncmp(p, names[f], len))
			return true;
		p += n;
		p += strspn(p, ", ");
	}
	return false;
}

static bool set(enum feature f, bool avail, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static bool set(enum feature f, bool avail, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(state[f].reason, sizeof(state[f].reason), fmt, ap);
	va_end(ap);
	state[f].avail = avail;
	return avail;
}

/* A permission failure says nothing about the kernel: an unprivileged
 * process gets EPERM from every probe below. */
static bool denied(enum feature f, int err)
{
	const char *missing = err == EPERM || err == EACCES ? priv_bpf_missing() : NULL;
	if (missing)
		set(f, false, "cannot tell: %s", missing);
	return missing;
}

static bool path_exists(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0;
}

/* Two instructions: r0 = 0; exit. */
static const struct bpf_insn ret0[] = {
	{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0 },
	{ .code = BPF_JMP | BPF_EXIT },
};

static int load_trivial(enum bpf_prog_type type, enum bpf_attach_type eat, int btf_id)
{
	LIBBPF_OPTS(bpf_prog_load_opts, opts, .expected_attach_type = eat,
		    .attach_btf_id = btf_id);
	int fd = bpf_prog_load(type, NULL, "GPL", ret0, 2, &opts);
	return fd < 0 ? -errno : fd;
}

static bool probe_btf(void)
{
	if (path_exists("/sys/kernel/btf/vmlinux"))
		return set(FEAT_BTF, true, "/sys/kernel/btf/vmlinux");
	return set(FEAT_BTF, false, "no /sys/kernel/btf/vmlinux: kernel built without CONFIG_DEBUG_INFO_BTF");
}

static bool probe_kprobes(void)
{
	if (path_exists("/sys/bus/event_source/devices/kprobe/type"))
		return set(FEAT_KPROBES, true, "kprobe PMU");
	return set(FEAT_KPROBES, false,
		   "no kprobe PMU in /sys/bus/event_source/devices: kernel built without CONFIG_KPROBES");
}

static bool probe_kprobe_multi(void)
{
	if (!feature_has(FEAT_KPROBES))
		return set(FEAT_KPROBE_MULTI, false, "needs kprobes");
	int fd = load_trivial(BPF_PROG_TYPE_KPROBE, BPF_TRACE_KPROBE_MULTI, 0);
	if (fd < 0 && denied(FEAT_KPROBE_MULTI, -fd))
		return false;
	if (fd < 0)
		return set(FEAT_KPROBE_MULTI, false, "kernel rejects kprobe_multi programs (%s): older than 5.18",
			   strerror(-fd));
	const char *syms[] = { "vfs_read" };
	LIBBPF_OPTS(bpf_link_create_opts, lo, .kprobe_multi.syms = syms, .kprobe_multi.cnt = 1);
	int link = bpf_link_create(fd, 0, BPF_TRACE_KPROBE_MULTI, &lo);
	int err = errno;
	close(fd);
	if (link < 0)
		return set(FEAT_KPROBE_MULTI, false, "attaching a kprobe_multi link fails (%s)%s", strerror(err),
			   err == EOPNOTSUPP ? ": kernel built without CONFIG_FPROBE" : "");
	close(link);
	return set(FEAT_KPROBE_MULTI, true, "fprobe-based multi-attach");
}

static bool probe_fentry(void)
{
	if (!feature_has(FEAT_BTF))
		return set(FEAT_FENTRY, false, "needs kernel BTF");
	int id = libbpf_find_vmlinux_btf_id("bpf_fentry_test1", BPF_TRACE_FENTRY);
	if (id < 0)
		id = libbpf_find_vmlinux_btf_id("vfs_read", BPF_TRACE_FENTRY);
	if (id < 0)
		return set(FEAT_FENTRY, false, "no traceable function found in kernel BTF");
	int fd = load_trivial(BPF_PROG_TYPE_TRACING, BPF_TRACE_FENTRY, id);
	if (fd < 0 && denied(FEAT_FENTRY, -fd))
		return false;
	if (fd < 0)
		return set(FEAT_FENTRY, false, "kernel refuses to load fentry programs (%s)%s", strerror(-fd),
			   fd == -EPERM ? ": no BPF trampoline here (lockdown, or no ftrace direct calls)" : "");
	/* Loading is not enough: kernels without trampolines for the arch only
	 * fail at attach time (ENOTSUPP, 524). */
	int link = bpf_raw_tracepoint_open(NULL, fd);
	int err = errno;
	close(fd);
	if (link < 0)
		return set(FEAT_FENTRY, false, "attaching an fentry program fails (%s)",
			   err == 524 ? "not supported on this architecture" : strerror(err));
	close(link);
	return set(FEAT_FENTRY, true, "BPF trampolines attach");
}

static bool probe_tp_btf(void)
{
	if (!feature_has(FEAT_BTF))
		return set(FEAT_TP_BTF, false, "needs kernel BTF");
	int id = libbpf_find_vmlinux_btf_id("sched_switch", BPF_TRACE_RAW_TP);
	if (id < 0)
		return set(FEAT_TP_BTF, false, "btf_trace_sched_switch not in kernel BTF");
	int fd = load_trivial(BPF_PROG_TYPE_TRACING, BPF_TRACE_RAW_TP, id);
	if (fd < 0 && denied(FEAT_TP_BTF, -fd))
		return false;
	if (fd < 0)
		return set(FEAT_TP_BTF, false, "kernel refuses BTF-typed tracepoint programs (%s)", strerror(-fd));
	close(fd);
	return set(FEAT_TP_BTF, true, "BTF-typed raw tracepoints");
}

static bool probe_raw_tp(void)
{
	int fd = load_trivial(BPF_PROG_TYPE_RAW_TRACEPOINT, 0, 0);
	if (fd < 0 && denied(FEAT_RAW_TP, -fd))
		return false;
	if (fd < 0)
		return set(FEAT_RAW_TP, false, "kernel refuses raw tracepoint programs (%s)", strerror(-fd));
	int link = bpf_raw_tracepoint_open("sched_switch", fd);
	int err = errno;
	close(fd);
	if (link < 0)
		return set(FEAT_RAW_TP, false, "attaching a raw tracepoint fails (%s)", strerror(err));
	close(link);
	return set(FEAT_RAW_TP, true, "raw tracepoints attach");
}

/* bpf_get_attach_cookie() in a raw tracepoint program, and a cookie on its
 * link (Linux 6.10): one program then tells many raw tracepoints apart. */
static bool probe_raw_tp_cookie(void)
{
	if (!feature_has(FEAT_RAW_TP))
		return set(FEAT_RAW_TP_COOKIE, false, "needs raw tracepoints");
	/* r0 = bpf_get_attach_cookie(ctx); r0 = 0; exit */
	static const struct bpf_insn insns[] = {
		{ .code = BPF_JMP | BPF_CALL, .imm = BPF_FUNC_get_attach_cookie },
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	int fd = bpf_prog_load(BPF_PROG_TYPE_RAW_TRACEPOINT, NULL, "GPL", insns, 3, NULL);
	if (fd < 0 && denied(FEAT_RAW_TP_COOKIE, errno))
		return false;
	if (fd < 0)
		return set(FEAT_RAW_TP_COOKIE, false, "raw tracepoint programs cannot read a BPF cookie (%s): older than 6.10",
			   strerror(errno));
	LIBBPF_OPTS(bpf_raw_tp_opts, o, .tp_name = "sched_switch", .cookie = 1);
	int link = bpf_raw_tracepoint_open_opts(fd, &o);
	int err = errno;
	close(fd);
	if (link < 0)
		return set(FEAT_RAW_TP_COOKIE, false, "raw tracepoint links take no BPF cookie (%s): older than 6.10",
			   strerror(err));
	close(link);
	return set(FEAT_RAW_TP_COOKIE, true, "raw tracepoint links with a BPF cookie");
}

static const char *tracefs_candidates[] = { "/sys/kernel/tracing", "/sys/kernel/debug/tracing" };

static bool is_tracefs(const char *dir)
{
	char p[128];
	snprintf(p, sizeof(p), "%s/events", dir);
	return path_exists(p);
}

const char *tracefs_path(void)
{
	for (size_t i = 0; i < sizeof(tracefs_candidates) / sizeof(*tracefs_candidates); i++)
		if (is_tracefs(tracefs_candidates[i]))
			return tracefs_candidates[i];
	/* libbpf finds tracepoint IDs through tracefs; distributions that do not
	 * mount it at boot leave that to the tool. */
	if (mount("tracefs", "/sys/kernel/tracing", "tracefs", 0, NULL) == 0 &&
	    is_tracefs("/sys/kernel/tracing"))
		return "/sys/kernel/tracing";
	return NULL;
}

static bool probe_tracefs(void)
{
	for (size_t i = 0; i < sizeof(tracefs_candidates) / sizeof(*tracefs_candidates); i++)
		if (is_tracefs(tracefs_candidates[i]))
			return set(FEAT_TRACEFS, true, "mounted at %s", tracefs_candidates[i]);
	FILE *f = fopen("/proc/filesystems", "r");
	char line[128];
	bool known = false;
	while (f && fgets(line, sizeof(line), f))
		if (strstr(line, "\ttracefs"))
			known = true;
	if (f)
		fclose(f);
	if (!known)
		return set(FEAT_TRACEFS, false, "kernel has no tracefs (CONFIG_TRACING off)");
	if (!priv_has_cap(PRIV_CAP_SYS_ADMIN))
		return set(FEAT_TRACEFS, false,
			   "cannot tell: not mounted, and mounting it needs root (CAP_SYS_ADMIN): "
			   "mount -t tracefs tracefs /sys/kernel/tracing");
	return set(FEAT_TRACEFS, true, "not mounted; mounted at /sys/kernel/tracing when a tool needs it");
}

static bool probe_tracepoints(void)
{
	if (!path_exists("/sys/bus/event_source/devices/tracepoint"))
		return set(FEAT_TRACEPOINTS, false, "no tracepoint PMU: kernel built without CONFIG_EVENT_TRACING");
	if (!feature_has(FEAT_TRACEFS))
		return set(FEAT_TRACEPOINTS, false, "tracepoint IDs come from tracefs: %s",
			   feature_reason(FEAT_TRACEFS));
	return set(FEAT_TRACEPOINTS, true, "perf tracepoint events");
}

static bool probe_uprobes(void)
{
	if (path_exists("/sys/bus/event_source/devices/uprobe/type"))
		return set(FEAT_UPROBES, true, "uprobe PMU");
	return set(FEAT_UPROBES, false, "no uprobe PMU: kernel built without CONFIG_UPROBE_EVENTS");
}

static bool probe_uprobe_multi(void)
{
	if (!feature_has(FEAT_UPROBES))
		return set(FEAT_UPROBE_MULTI, false, "needs uprobes");
	int fd = load_trivial(BPF_PROG_TYPE_KPROBE, BPF_TRACE_UPROBE_MULTI, 0);
	if (fd < 0 && denied(FEAT_UPROBE_MULTI, -fd))
		return false;
	if (fd < 0)
		return set(FEAT_UPROBE_MULTI, false, "kernel rejects uprobe_multi programs (%s): older than 6.6",
			   strerror(-fd));
	/* A directory is not a binary: a kernel that knows uprobe_multi links
	 * gets as far as checking the file and says EBADF. */
	unsigned long offset = 0;
	LIBBPF_OPTS(bpf_link_create_opts, lo, .uprobe_multi.path = "/", .uprobe_multi.offsets = &offset,
		    .uprobe_multi.cnt = 1);
	int link = bpf_link_create(fd, -1, BPF_TRACE_UPROBE_MULTI, &lo);
	int err = errno;
	close(fd);
	if (link >= 0)
		close(link);
	if (link >= 0 || err != EBADF)
		return set(FEAT_UPROBE_MULTI, false, "uprobe_multi links unsupported (%s)", strerror(err));
	return set(FEAT_UPROBE_MULTI, true, "many uprobes in one link");
}

/* bpf_get_attach_cookie() in kprobe, uprobe and perf-event tracepoint
 * programs (Linux 5.15): one program told many attach points apart by a
 * value on each link.  Without it core/attach.c finds the point from what
 * the program sees (the function's address, the event's id). */
static bool probe_cookie(void)
{
	/* r0 = bpf_get_attach_cookie(ctx); r0 = 0; exit */
	static const struct bpf_insn insns[] = {
		{ .code = BPF_JMP | BPF_CALL, .imm = BPF_FUNC_get_attach_cookie },
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	int fd = bpf_prog_load(BPF_PROG_TYPE_KPROBE, NULL, "GPL", insns, 3, NULL);
	if (fd < 0 && denied(FEAT_COOKIE, errno))
		return false;
	if (fd < 0)
		return set(FEAT_COOKIE, false, "kprobe programs cannot read a BPF cookie (%s): older than 5.15",
			   strerror(errno));
	close(fd);
	return set(FEAT_COOKIE, true, "BPF cookies on kprobe, uprobe and tracepoint links");
}

static bool probe_ringbuf(void)
{
	int fd = bpf_map_create(BPF_MAP_TYPE_RINGBUF, NULL, 0, 0, getpagesize(), NULL);
	if (fd < 0 && denied(FEAT_RINGBUF, errno))
		return false;
	if (fd < 0)
		return set(FEAT_RINGBUF, false, "no BPF ring buffer (%s): older than 5.8, perf buffers are used",
			   strerror(errno));
	close(fd);
	return set(FEAT_RINGBUF, true, "BPF ring buffer");
}

static int perf_open(__u32 type, __u64 config)
{
	struct perf_event_attr attr = {
		.size = sizeof(attr),
		.type = type,
		.config = config,
		.sample_freq = 49,
		.freq = 1,
		.disabled = 1,
	};
	return syscall(__NR_perf_event_open, &attr, -1, 0, -1, PERF_FLAG_FD_CLOEXEC);
}

/* System-wide perf events (every CPU, every task) are what the tools
 * open; perf_event_paranoid lets CAP_PERFMON, or everyone at -1 or 0. */
static bool perf_denied(enum feature f, int err)
{
	if ((err != EACCES && err != EPERM) || priv_has_cap(PRIV_CAP_PERFMON) ||
	    priv_has_cap(PRIV_CAP_SYS_ADMIN))
		return false;
	set(f, false, "cannot tell: system-wide perf events need root (CAP_PERFMON) at kernel.perf_event_paranoid=%d",
	    priv_sysctl("perf_event_paranoid", 2));
	return true;
}

static bool probe_perf_sw(void)
{
	int fd = perf_open(PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CPU_CLOCK);
	if (fd < 0 && perf_denied(FEAT_PERF_SW, errno))
		return false;
	if (fd < 0)
		return set(FEAT_PERF_SW, false, "perf_event_open(cpu-clock) fails (%s)", strerror(errno));
	close(fd);
	return set(FEAT_PERF_SW, true, "cpu-clock sampling");
}

static bool probe_pmu(void)
{
	if (!path_exists("/sys/bus/event_source/devices/cpu") &&
	    !path_exists("/sys/bus/event_source/devices/cpu_core"))
		return set(FEAT_PMU, false, "no hardware PMU exposed (virtual machine without PMU passthrough?)");
	int fd = perf_open(PERF_TYPE_HARDWARE, PERF_COUNT_HW_CPU_CYCLES);
	if (fd < 0 && perf_denied(FEAT_PMU, errno))
		return false;
	if (fd < 0)
		return set(FEAT_PMU, false, "perf_event_open(cycles) fails (%s)", strerror(errno));
	close(fd);
	return set(FEAT_PMU, true, "hardware counters");
}

static bool (*const probes[FEAT__COUNT])(void) = {
	[FEAT_BTF] = probe_btf,
	[FEAT_KPROBES] = probe_kprobes,
	[FEAT_KPROBE_MULTI] = probe_kprobe_multi,
	[FEAT_FENTRY] = probe_fentry,
	[FEAT_TP_BTF] = probe_tp_btf,
	[FEAT_RAW_TP] = probe_raw_tp,
	[FEAT_RAW_TP_COOKIE] = probe_raw_tp_cookie,
	[FEAT_TRACEPOINTS] = probe_tracepoints,
	[FEAT_TRACEFS] = probe_tracefs,
	[FEAT_UPROBES] = probe_uprobes,
	[FEAT_UPROBE_MULTI] = probe_uprobe_multi,
	[FEAT_COOKIE] = probe_cookie,
	[FEAT_RINGBUF] = probe_ringbuf,
	[FEAT_PERF_SW] = probe_perf_sw,
	[FEAT_PMU] = probe_pmu,
};

bool feature_has(enum feature f)
{
	if (!state[f].probed) {
		state[f].probed = true;
		if (feature_disabled_by_env(f))
			set(f, false, "disabled by BPFKIT_DISABLE");
		else
			probes[f]();
	}
	return state[f].avail;
}

const char *feature_reason(enum feature f)
{
	feature_has(f);
	return state[f].reason;
}
