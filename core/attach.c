#include "core/attach.h"

#include "core/btfenum.h"
#include "core/btfproto.h"
#include "core/detach.h"
#include "core/features.h"
#include "core/log.h"
#include "core/loop.h"
#include "core/pointkeys.h"
#include "core/syscalls.h"
#include "core/tracer.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <limits.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

static bool use_multi(enum pattern_kind k)
{
	if (k == PAT_KPROBE)
		return feature_has(FEAT_KPROBE_MULTI);
	if (k == PAT_UPROBE)
		return feature_has(FEAT_UPROBE_MULTI);
	return false;
}

/* The program of a point of kind k: at the function's return when ret
 * (an object with return programs, probes/lib/dynamic.bpf.h's
 * DYNAMIC_RETURNS). */
static const char *prog_for_dir(enum pattern_kind k, bool multi, bool ret)
{
	switch (k) {
	case PAT_KPROBE:
		if (ret)
			return multi ? "on_kretprobe_multi" : "on_kretprobe";
		return multi ? "on_kprobe_multi" : "on_kprobe";
	case PAT_UPROBE:
		if (ret)
			return multi ? "on_uretprobe_multi" : "on_uretprobe";
		return multi ? "on_uprobe_multi" : "on_uprobe";
	case PAT_TRACEPOINT:
		return "on_tracepoint";
	default:
		return "on_usdt";
	}
}

static const char *prog_for(enum pattern_kind k, bool multi)
{
	return prog_for_dir(k, multi, false);
}

/* The object times functions: each kernel or user function point also
 * gets its return program (funclatency, funcslower). */
static bool has_returns(struct bpf_object *obj)
{
	return bpf_object__find_program_by_name(obj, "on_kretprobe") ||
	       bpf_object__find_program_by_name(obj, "on_uretprobe");
}

/* Kernel and user functions have a return to probe; tracepoints and USDT
 * probes not. */
static bool returns(enum pattern_kind k)
{
	return k == PAT_KPROBE || k == PAT_UPROBE;
}

static const char *kind_name(enum pattern_kind k)
{
	static const char *const names[] = { "kprobe", "uprobe", "tracepoint", "USDT probe" };
	return names[k];
}

/* kind_name, for a return probe when ret. */
static const char *fd_kind_name(enum pattern_kind k, bool ret)
{
	if (ret && k == PAT_KPROBE)
		return "kretprobe";
	if (ret && k == PAT_UPROBE)
		return "uretprobe";
	return kind_name(k);
}

/* What a point of this kind needs on a perf event of its own. */
static enum feature single_needs(enum pattern_kind k)
{
	return k == PAT_KPROBE ? FEAT_KPROBES : k == PAT_TRACEPOINT ? FEAT_TRACEPOINTS : FEAT_UPROBES;
}

/* -EOPNOTSUPP, said, when the kernel lacks it. */
static int lacks(const struct attach_point *a, bool ret)
{
	enum feature need = single_needs(a->kind);
	if (feature_has(need))
		return 0;
	log_err("cannot attach %s %s: %s: %s", fd_kind_name(a->kind, ret), a->name, feature_name(need),
		feature_reason(need));
	return -EOPNOTSUPP;
}

/* probes/lib/dynamic.bpf.h's DYNAMIC_MAX_SYSCALLS. */
#define MAX_SYSCALLS 1024

/* A syscalls:sys_{enter,exit}_NAME point's syscall number (exit set for
 * sys_exit_), or -1: not a syscall event, or one whose number this build does
 * not know (a syscall newer than its table), which then takes the slow
 * path. */
static int syscall_point(const struct attach_point *a, bool *exit)
{
	/* SYSCALL_DEFINE names that differ from unistd_64.h's on x86_64. */
	static const char *const renamed[][2] = {
		{ "newstat", "stat" },	 { "newfstat", "fstat" },     { "newlstat", "lstat" },
		{ "newuname", "uname" }, { "sendfile64", "sendfile" }, { "umount", "umount2" },
	};
	const char *name;
	if (a->kind != PAT_TRACEPOINT)
		return -1;
	if (!strncmp(a->target, "syscalls:sys_enter_", 19))
		*exit = false, name = a->target + 19;
	else if (!strncmp(a->target, "syscalls:sys_exit_", 18))
		*exit = true, name = a->target + 18;
	else
		return -1;
	for (size_t i = 0; i < sizeof(renamed) / sizeof(renamed[0]); i++)
		if (!strcmp(name, renamed[i][0]))
			name = renamed[i][1];
	int nr = syscall_nr(name);
	return nr < MAX_SYSCALLS ? nr : -1;
}

/* The object has the bulk syscall programs and the kernel raw tracepoints. */
static bool bulk_syscalls(struct bpf_object *obj)
{
	return bpf_object__find_program_by_name(obj, "on_sys_enter") && feature_has(FEAT_RAW_TP);
}

/* The point's syscall number when it goes through the bulk path, else -1. */
static int in_bulk(struct bpf_object *obj, const struct attach_point *a, bool *exit)
{
	int nr = syscall_point(a, exit);
	return nr >= 0 && bulk_syscalls(obj) ? nr : -1;
}

/* A tracepoint to attach as a raw tracepoint (see on_raw_tracepoint in
 * probes/lib/dynamic.bpf.h): the object has the program, the kernel gives raw
 * tracepoint links a cookie, and the event is the raw tracepoint's. */
static bool in_raw(struct bpf_object *obj, const struct attach_point *a)
{
	return a->kind == PAT_TRACEPOINT && a->raw_tp && bpf_object__find_program_by_name(obj, "on_raw_tracepoint") &&
	       feature_has(FEAT_RAW_TP_COOKIE);
}

/* Each link holds a file, a perf-event link two (the event and the link):
 * 't:*:*' needs about 1,600, the usual soft limit is 1024 and the hard one
 * far above.  Beyond the hard limit attaching would fail part way, after
 * attaching hundreds that the kernel then lets go one by one. */
#define FILES_SPARE 256

static int raise_file_limit(struct bpf_object *obj, const struct attach_point *pts, int n)
{
	rlim_t need = FILES_SPARE;
	for (int i = 0; i < n; i++) {
		bool exit;
		if (in_bulk(obj, &pts[i], &exit) >= 0 || use_multi(pts[i].kind))
			continue; /* a few links for them all */
		need += in_raw(obj, &pts[i]) ? 1 : returns(pts[i].kind) && has_returns(obj) ? 4 : 2;
	}
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) || rl.rlim_cur >= need)
		return 0;
	if (rl.rlim_max != RLIM_INFINITY && rl.rlim_max < need) {
		log_err("%d probes need about %llu open files, more than this process may have (%llu): raise the limit (ulimit -Hn)",
			n, (unsigned long long)need, (unsigned long long)rl.rlim_max);
		return -EMFILE;
	}
	rl.rlim_cur = need;
	if (setrlimit(RLIMIT_NOFILE, &rl))
		log_debug("cannot raise the open-file limit to %llu: %s", (unsigned long long)need, strerror(errno));
	return 0;
}

/* What to do about an error, for the few a user can act on. */
static const char *hint(int err)
{
	return err == -EMFILE ? " (one file per probe: raise the hard limit, ulimit -Hn)" : "";
}

bool attach_kprobes_only;

/* probes/lib/dynamic.bpf.h's DYNAMIC_FENTRY_SLOTS: which point each slot
 * of the prepared object is aimed at (-1: none). */
#define FENTRY_SLOTS 8
static int fentry_point[FENTRY_SLOTS] = { -1, -1, -1, -1, -1, -1, -1, -1 };

static struct bpf_program *slot_prog(struct bpf_object *obj, bool ret, int k)
{
	char name[32];
	snprintf(name, sizeof(name), "%s%d", ret ? "on_fexit" : "on_fentry", k);
	return bpf_object__find_program_by_name(obj, name);
}

static int fentry_slot(int i)
{
	for (int k = 0; k < FENTRY_SLOTS; k++)
		if (fentry_point[k] == i)
			return k;
	return -1;
}

/* Trampolines for the object's kernel functions: it has the slots, the
 * kernel has trampolines and the helpers that read arguments and return
 * values there (bpf_get_func_ret: 5.17), -k did not ask for kprobes, and
 * the functions are few enough (a glob of hundreds goes to one
 * kprobe_multi link, attached in one step).  A function a trampoline
 * cannot take (a module's, a .isra clone, a struct passed by value) gets
 * a kprobe. */
static void prepare_fentry(struct bpf_object *obj, const struct attach_point *pts, int n)
{
	int nk = 0, k = 0;
	for (int j = 0; j < FENTRY_SLOTS; j++)
		fentry_point[j] = -1;
	if (!slot_prog(obj, false, 0) || attach_kprobes_only || !feature_has(FEAT_FENTRY))
		return;
	/* Without bpf_get_func_arg/ret (before 5.17) the programs find the
	 * arguments and the return value by the function's argument count. */
	const char *helper = kernel_enum_name("bpf_func_id", BPF_FUNC_get_func_ret, "BPF_FUNC_");
	bool helpers = helper && !strcmp(helper, "get_func_ret");
	__u32 nargs[FENTRY_SLOTS] = { 0 };
	unsigned char sizes[FENTRY_SLOTS * 8] = { 0 };
	for (int i = 0; i < n; i++)
		nk += pts[i].kind == PAT_KPROBE;
	if (nk > FENTRY_SLOTS) {
		log_debug("%d kernel functions: by kprobes (fentry takes up to %d)", nk, FENTRY_SLOTS);
		return;
	}
	for (int i = 0; i < n; i++) {
		if (pts[i].kind != PAT_KPROBE)
			continue;
		struct bpf_program *in = slot_prog(obj, false, k), *out = slot_prog(obj, true, k);
		if (!btf_function_trampolinable(pts[i].target) || bpf_program__set_attach_target(in, 0, pts[i].target) ||
		    bpf_program__set_attach_target(out, 0, pts[i].target)) {
			log_debug("%s: not a function a trampoline takes: by kprobe", pts[i].name);
			continue;
		}
		bpf_program__set_autoload(in, true);
		bpf_program__set_autoload(out, true);
		nargs[k] = btf_function_nargs(pts[i].target, sizes + k * 8, 8);
		fentry_point[k++] = i;
	}
	if (!helpers && k) {
		struct tracer t = { .obj = obj };
		int err = tracer_set_rodata(&t, "func_slot_nargs", nargs, sizeof(nargs));
		err = err ?: tracer_set_rodata(&t, "func_slot_argsz", sizes, sizeof(sizes));
		if (err)
			log_debug("no func_slot_nargs in the object (%s): its programs read no arguments", strerror(-err));
		log_debug("no bpf_get_func_ret in this kernel: arguments by their count in BTF");
	}
}

int attach_prepare(struct bpf_object *obj, const struct attach_point *pts, int n)
{
	struct bpf_program *prog;
	int ntp = 0, nup = 0, nusdt = 0; /* through single perf events */
	bpf_object__for_each_program(prog, obj)
		bpf_program__set_autoload(prog, false);
	prepare_fentry(obj, pts, n);
	for (int i = 0; i < n; i++) {
		bool exit;
		if (in_bulk(obj, &pts[i], &exit) >= 0) {
			prog = bpf_object__find_program_by_name(obj, exit ? "on_sys_exit" : "on_sys_enter");
			bpf_program__set_autoload(prog, true);
			continue;
		}
		if (in_raw(obj, &pts[i])) {
			bpf_program__set_autoload(bpf_object__find_program_by_name(obj, "on_raw_tracepoint"), true);
			/* A raw tracepoint the kernel does not know by that
			 * name falls back to a perf event. */
			if (feature_has(FEAT_TRACEPOINTS))
				bpf_program__set_autoload(bpf_object__find_program_by_name(obj, prog_for(PAT_TRACEPOINT, false)),
							  true);
			continue;
		}
		/* A trampoline's function needs no kprobe. */
		if (fentry_slot(i) >= 0)
			continue;
		if (lacks(&pts[i], false))
			return -EOPNOTSUPP;
		prog = bpf_object__find_program_by_name(obj, prog_for(pts[i].kind, use_multi(pts[i].kind)));
		/* A kernel function a kprobe_multi link refuses (one ftrace
		 * cannot trace) may still take a kprobe of its own. */
		struct bpf_program *single = pts[i].kind == PAT_KPROBE && use_multi(PAT_KPROBE)
						     ? bpf_object__find_program_by_name(obj, prog_for(PAT_KPROBE, false))
						     : prog;
		if (!prog || !single) {
			log_err("internal error: no program for %s", kind_name(pts[i].kind));
			return -ENOENT;
		}
		bpf_program__set_autoload(prog, true);
		bpf_program__set_autoload(single, true);
		if (returns(pts[i].kind) && has_returns(obj)) {
			bool multi = use_multi(pts[i].kind);
			struct bpf_program *ret = bpf_object__find_program_by_name(obj, prog_for_dir(pts[i].kind, multi, true));
			struct bpf_program *ret1 = bpf_object__find_program_by_name(obj, prog_for_dir(pts[i].kind, false, true));
			if (!ret || !ret1) {
				log_err("internal error: no return program for %s", kind_name(pts[i].kind));
				return -ENOENT;
			}
			bpf_program__set_autoload(ret, true);
			if (pts[i].kind == PAT_KPROBE)
				bpf_program__set_autoload(ret1, true);
		}
		ntp += pts[i].kind == PAT_TRACEPOINT;
		nup += pts[i].kind == PAT_UPROBE && !use_multi(PAT_UPROBE);
		nusdt += pts[i].kind == PAT_USDT;
	}
	return pointkeys_prepare(obj, n, ntp, nup, nusdt);
}

static int push_link(struct bpf_link ***links, int *n, int *cap, struct bpf_link *l)
{
	if (*n == *cap) {
		int c = *cap ? *cap * 2 : 16;
		struct bpf_link **v = realloc(*links, c * sizeof(*v));
		if (!v)
			return -ENOMEM;
		*links = v;
		*cap = c;
	}
	(*links)[(*n)++] = l;
	return 0;
}

static int add_link(struct attach_set *set, struct bpf_link *l)
{
	return push_link(&set->links, &set->n, &set->cap, l);
}

/* The one line for a point that would not attach: which probe, by what,
 * and what to do where a user can do something. */
static void fd_cannot(const struct attach_point *a, bool ret, const char *mech, int err)
{
	const char *what = a->kind == PAT_KPROBE && (err == -ENOENT || err == -EINVAL)
				   ? " (not in /proc/kallsyms, or not traceable)"
				   : hint(err);
	log_err("cannot attach %s %s (%s): %s%s", fd_kind_name(a->kind, ret), a->name, mech, strerror(-err), what);
}

static int fd_attach_one(int prog_fd, const struct attach_point *a, const struct attach_fd_opts *o,
			 struct attach_set *set, const char **mech);

/* One point, cookie and all: a kprobe, uprobe or tracepoint through the
 * perf events every program attached by fd takes (attach_fd); USDT
 * through libbpf, whose program finds its arguments in libbpf's maps.
 * 0 or -errno with *mech what failed. */
static int attach_single(struct bpf_program *prog, const struct attach_point *a, int pid, __u64 cookie, bool ret,
			 struct attach_set *set, const char **mech)
{
	/* A kernel that cannot carry a cookie refuses one; keys stand in. */
	if (pointkeys_used())
		cookie = 0;
	if (a->kind != PAT_USDT) {
		struct attach_fd_opts o = { .pid = pid, .cookie = cookie, .retprobe = ret };
		return fd_attach_one(bpf_program__fd(prog), a, &o, set, mech);
	}
	*mech = "libbpf USDT";
	LIBBPF_OPTS(bpf_usdt_opts, o, .usdt_cookie = cookie);
	struct bpf_link *l = bpf_program__attach_usdt(prog, pid ? pid : -1, a->path, a->provider, a->target, &o);
	int err = l ? push_link(&set->usdt, &set->nusdt, &set->capusdt, l) : -errno;
	if (l && err)
		bpf_link__destroy(l);
	return err;
}

/* Points idx[0..cnt) in one multi link: kprobe_multi, or uprobe_multi in
 * one binary. */
static int attach_multi(struct bpf_program *prog, const struct attach_point *pts, const int *idx, int cnt,
			int pid, bool ret, struct attach_set *set)
{
	const char **syms = calloc(cnt, sizeof(*syms));
	unsigned long *offs = calloc(cnt, sizeof(*offs));
	__u64 *cookies = calloc(cnt, sizeof(*cookies));
	int err = 0;
	enum pattern_kind kind = pts[idx[0]].kind;
	if (!syms || !offs || !cookies) {
		err = -ENOMEM;
		goto out;
	}
	for (int k = 0; k < cnt; k++) {
		syms[k] = pts[idx[k]].target;
		offs[k] = pts[idx[k]].offset;
		cookies[k] = idx[k];
	}
	struct bpf_link *l;
	if (kind == PAT_KPROBE) {
		LIBBPF_OPTS(bpf_kprobe_multi_opts, o, .syms = syms, .cookies = cookies, .cnt = cnt, .retprobe = ret);
		l = bpf_program__attach_kprobe_multi_opts(prog, NULL, &o);
	} else {
		LIBBPF_OPTS(bpf_uprobe_multi_opts, o, .offsets = offs, .cookies = cookies, .cnt = cnt, .retprobe = ret);
		l = bpf_program__attach_uprobe_multi(prog, pid ? pid : -1, pts[idx[0]].path, NULL, &o);
	}
	if (!l) {
		err = -errno;
		goto out;
	}
	err = add_link(set, l);
	if (err) {
		bpf_link__destroy(l);
		goto out;
	}
	set->multi++;
	log_debug("%d %ss attached with one %s link", cnt, fd_kind_name(kind, ret),
		  kind == PAT_KPROBE ? "kprobe_multi" : "uprobe_multi");
out:
	free(syms);
	free(offs);
	free(cookies);
	return err;
}

/* Kernel functions that would not attach: named in one warning, unless
 * none attached at all. */
struct leftout {
	int *idx;
	int n;
	int err; /* the first one's */
};

/* Kernel functions idx[0..cnt): one kprobe_multi link when the kernel has
 * them; when the kernel refuses the link (one function in it that cannot
 * be probed fails it all), each half again, down to one function, which
 * gets a kprobe of its own if the link still fails.  So only what cannot
 * be probed at all is left out, for about 2 log2(n) tries each. */
static int attach_kprobes(struct bpf_program *multi, struct bpf_program *single, const struct attach_point *pts,
			  const int *idx, int cnt, bool ret, struct attach_set *set, struct leftout *left)
{
	if (cnt && multi) {
		int err = attach_multi(multi, pts, idx, cnt, 0, ret, set);
		if (!err || err == -ENOMEM)
			return err;
		log_debug("kprobe_multi link of %d functions (%s ... %s) refused (%s)%s", cnt, pts[idx[0]].name,
			  pts[idx[cnt - 1]].name, strerror(-err), cnt > 1 ? ": halving" : "");
		if (cnt > 1) {
			err = attach_kprobes(multi, single, pts, idx, cnt / 2, ret, set, left);
			return err ?: attach_kprobes(multi, single, pts, idx + cnt / 2, cnt - cnt / 2, ret, set, left);
		}
	}
	for (int k = 0; k < cnt; k++) {
		const struct attach_point *a = &pts[idx[k]];
		/* One kprobe at a time is slow (368 of them on 6.1): a signal
		 * stops it. */
		if (loop_exiting)
			return -EINTR;
		const char *mech;
		int err = attach_single(single, a, 0, idx[k], ret, set, &mech);
		if (err == -ENOMEM)
			return err;
		if (!err)
			continue;
		log_debug("cannot attach %s %s (%s): %s", fd_kind_name(a->kind, ret), a->name, mech, strerror(-err));
		if (!left->n)
			left->err = err;
		left->idx[left->n++] = idx[k];
	}
	return 0;
}

/* Some kernel functions would not attach: with others attached, say which
 * and go on; with none, fail. */
static int report_leftout(const struct attach_point *pts, int total, const struct leftout *left)
{
	if (!left->n)
		return 0;
	const struct attach_point *first = &pts[left->idx[0]];
	if (left->n == total) {
		if (total == 1)
			log_err("cannot attach kprobe %s: %s", first->name, strerror(-left->err));
		else
			log_err("cannot attach any of the %d kernel functions (%s: %s)", total, first->name,
				strerror(-left->err));
		return left->err;
	}
	const char **names = calloc(left->n, sizeof(*names));
	if (!names)
		return -ENOMEM;
	for (int k = 0; k < left->n; k++)
		names[k] = pts[left->idx[k]].name;
	char list[800];
	pattern_name_list(list, sizeof(list), names, left->n);
	free(names);
	log_warn("%d of %d kernel functions cannot be probed and are left out: %s", left->n, total, list);
	return 0;
}

/* Every syscall event point in two raw_tp links (see attach_prepare). */
static int attach_syscalls(struct bpf_object *obj, const struct attach_point *pts, int n, struct attach_set *set,
			   bool *done)
{
	static const char *const prog_name[2] = { "on_sys_enter", "on_sys_exit" };
	static const char *const map_name[2] = { "syscall_enter_points", "syscall_exit_points" };
	static const char *const raw_tp[2] = { "sys_enter", "sys_exit" };
	for (int dir = 0; dir < 2; dir++) {
		int fd = bpf_map__fd(bpf_object__find_map_by_name(obj, map_name[dir])), cnt = 0;
		for (int i = 0; i < n; i++) {
			bool exit;
			int bulk = in_bulk(obj, &pts[i], &exit);
			if (bulk < 0 || exit != dir)
				continue;
			__u32 nr = bulk;
			__u64 slot = i + 1;
			if (bpf_map_update_elem(fd, &nr, &slot, BPF_ANY)) {
				int err = -errno;
				log_err("cannot attach tracepoint %s: %s", pts[i].name, strerror(-err));
				return err;
			}
			done[i] = true;
			cnt++;
		}
		if (!cnt)
			continue;
		struct bpf_link *l =
			bpf_program__attach_raw_tracepoint(bpf_object__find_program_by_name(obj, prog_name[dir]), raw_tp[dir]);
		int err = l ? add_link(set, l) : -errno;
		if (err) {
			bpf_link__destroy(l);
			log_err("cannot attach raw tracepoint %s for %d syscall tracepoints: %s", raw_tp[dir], cnt,
				strerror(-err));
			return err;
		}
		set->multi++;
		log_debug("%d syscall tracepoints attached with one raw_tp %s link", cnt, raw_tp[dir]);
	}
	return 0;
}

/* Tracepoints as raw tracepoints, one link each with its cookie.  One the
 * kernel has no raw tracepoint for (ENOENT) is left to the perf-event path
 * when that program is loaded. */
static int attach_raw(struct bpf_object *obj, const struct attach_point *pts, int n, struct attach_set *set,
		      bool *done)
{
	struct bpf_program *prog = bpf_object__find_program_by_name(obj, "on_raw_tracepoint");
	struct bpf_program *perf = bpf_object__find_program_by_name(obj, prog_for(PAT_TRACEPOINT, false));
	int cnt = 0;
	for (int i = 0; i < n; i++) {
		if (done[i] || !in_raw(obj, &pts[i]))
			continue;
		if (loop_exiting)
			return -EINTR;
		LIBBPF_OPTS(bpf_raw_tracepoint_opts, o, .cookie = i);
		struct bpf_link *l = bpf_program__attach_raw_tracepoint_opts(prog, strchr(pts[i].target, ':') + 1, &o);
		int err = l ? add_link(set, l) : -errno;
		if (err == -ENOENT && perf && bpf_program__fd(perf) >= 0) {
			log_debug("no raw tracepoint for %s: attached as a perf event", pts[i].name);
			continue;
		}
		if (err) {
			bpf_link__destroy(l);
			log_err("cannot attach tracepoint %s (raw tracepoint): %s%s", pts[i].name, strerror(-err), hint(err));
			return err;
		}
		done[i] = true;
		cnt++;
	}
	if (cnt)
		log_debug("%d tracepoints attached as raw tracepoints", cnt);
	return 0;
}

/* The functions prepare_fentry aimed trampolines at, at their entry or
 * with ret at their return. */
static int attach_trampolines(struct bpf_object *obj, const struct attach_point *pts, struct attach_set *set,
			      bool ret, bool *done)
{
	int fd = -1, cnt = 0;
	struct bpf_map *map = bpf_object__find_map_by_name(obj, "dynamic_fentry_points");
	if (map)
		fd = bpf_map__fd(map);
	for (int k = 0; k < FENTRY_SLOTS; k++) {
		int i = fentry_point[k];
		if (i < 0)
			continue;
		__u32 slot = k;
		__u64 point = i;
		if (!ret && bpf_map_update_elem(fd, &slot, &point, BPF_ANY)) {
			int err = -errno;
			log_err("cannot attach fentry %s: %s", pts[i].name, strerror(-err));
			return err;
		}
		struct bpf_link *l = bpf_program__attach_trace(slot_prog(obj, ret, k));
		int err = l ? add_link(set, l) : -errno;
		if (err) {
			bpf_link__destroy(l);
			log_err("cannot attach %s %s (BPF trampoline): %s (-k: by kprobes)", ret ? "fexit" : "fentry",
				pts[i].name, strerror(-err));
			return err;
		}
		done[i] = true;
		cnt++;
	}
	if (cnt)
		log_debug("%d kernel functions attached by %s", cnt, ret ? "fexit" : "fentry");
	return 0;
}

/* The kernel and user functions not done[]: at their entry, or with ret
 * at their return.  Kernel functions the kernel refuses land in left. */
static int attach_functions(struct bpf_object *obj, const struct attach_point *pts, int n, int pid, bool ret,
			    struct attach_set *set, bool *done, int *idx, struct leftout *left)
{
	int err = 0, nk = 0;
	/* Kernel functions: a name from kallsyms may still be refused. */
	for (int i = 0; i < n; i++)
		if (!done[i] && pts[i].kind == PAT_KPROBE)
			idx[nk++] = i;
	if (nk) {
		struct bpf_program *multi = use_multi(PAT_KPROBE)
						    ? bpf_object__find_program_by_name(obj, prog_for_dir(PAT_KPROBE, true, ret))
						    : NULL;
		struct bpf_program *single = bpf_object__find_program_by_name(obj, prog_for_dir(PAT_KPROBE, false, ret));
		err = attach_kprobes(multi, single, pts, idx, nk, ret, set, left);
		err = err ?: report_leftout(pts, nk, left);
		set->left_out += left->n;
		for (int k = 0; k < nk; k++)
			done[idx[k]] = true;
	}
	/* User functions: one uprobe_multi link per binary. */
	for (int i = 0; i < n && !err; i++) {
		if (done[i] || pts[i].kind != PAT_UPROBE || !use_multi(PAT_UPROBE))
			continue;
		int cnt = 0;
		for (int j = i; j < n; j++)
			if (!done[j] && pts[j].kind == PAT_UPROBE && !strcmp(pts[j].path, pts[i].path))
				idx[cnt++] = j;
		struct bpf_program *prog = bpf_object__find_program_by_name(obj, prog_for_dir(PAT_UPROBE, true, ret));
		err = attach_multi(prog, pts, idx, cnt, pid, ret, set);
		if (err) {
			/* The single-point program was not loaded; say so plainly. */
			log_err("cannot attach %s %s (uprobe multi-link): %s", fd_kind_name(PAT_UPROBE, ret), pts[i].name,
				strerror(-err));
			break;
		}
		for (int k = 0; k < cnt; k++)
			done[idx[k]] = true;
	}
	for (int i = 0; i < n && !err; i++) {
		if (done[i])
			continue;
		/* Ctrl-C during a long attach stops it here rather than after
		 * every point is attached. */
		if (loop_exiting) {
			err = -EINTR;
			break;
		}
		struct bpf_program *prog = bpf_object__find_program_by_name(obj, prog_for_dir(pts[i].kind, false, ret));
		const char *mech;
		err = attach_single(prog, &pts[i], pid, i, ret, set, &mech);
		if (err && err != -ENOMEM)
			fd_cannot(&pts[i], ret, mech, err);
	}
	return err;
}

int attach_all(struct bpf_object *obj, const struct attach_point *pts, int n, int pid, struct attach_set *set)
{
	bool *done = calloc(n, sizeof(*done));
	int *idx = calloc(n, sizeof(*idx));
	struct leftout left = { .idx = calloc(n, sizeof(int)) };
	int err = 0;
	memset(set, 0, sizeof(*set));
	if (!done || !idx || !left.idx) {
		err = -ENOMEM;
		goto out;
	}
	err = raise_file_limit(obj, pts, n);
	if (err)
		goto out;
	/* Returns first: a call whose entry is seen has its return seen
	 * too, or a timing tool would keep the entry of a call it never
	 * sees end (a nesting level that is never left). */
	if (has_returns(obj)) {
		for (int i = 0; i < n; i++)
			done[i] = !returns(pts[i].kind);
		err = attach_trampolines(obj, pts, set, true, done);
		err = err ?: attach_functions(obj, pts, n, pid, true, set, done, idx, &left);
		if (err)
			goto out;
		/* A function whose return the kernel refused is left out at
		 * its entry too. */
		memset(done, 0, n * sizeof(*done));
		for (int k = 0; k < left.n; k++)
			done[left.idx[k]] = true;
		left.n = 0;
		err = attach_trampolines(obj, pts, set, false, done);
		if (err)
			goto out;
	}
	err = attach_syscalls(obj, pts, n, set, done) ?: attach_raw(obj, pts, n, set, done);
	err = err ?: pointkeys_fill(obj, pts, n, done);
	err = err ?: attach_functions(obj, pts, n, pid, false, set, done, idx, &left);
out:
	free(done);
	free(idx);
	free(left.idx);
	if (err)
		attach_destroy(set);
	return err;
}

void attach_destroy(struct attach_set *set)
{
	links_destroy_serially(set->usdt, set->nusdt);
	free(set->usdt);
	links_destroy(set->links, set->n);
	free(set->links);
	fds_close(set->fds, set->nfds);
	free(set->fds);
	memset(set, 0, sizeof(*set));
}

/* Programs attached by fd (attach_fd), for programs with no bpf_object. */

/* The number a sysfs or tracefs file starts with, read by fmt; or fallback. */
static int read_number(const char *path, const char *fmt, int fallback)
{
	FILE *f = fopen(path, "r");
	int v;
	if (!f || fscanf(f, fmt, &v) != 1)
		v = fallback;
	if (f)
		fclose(f);
	return v;
}

/* A tracepoint "cat:event"'s id from tracefs, or -ENOENT. */
static int tracepoint_id(const char *target)
{
	const char *colon = strchr(target, ':'), *dir = tracefs_path();
	char path[PATH_MAX];
	if (!colon || !dir ||
	    snprintf(path, sizeof(path), "%s/events/%.*s/%s/id", dir, (int)(colon - target), target, colon + 1) >=
		    (int)sizeof(path))
		return -ENOENT;
	return read_number(path, "%d", -ENOENT);
}

static int add_fd(struct attach_set *set, int fd)
{
	if (set->nfds == set->capfds) {
		int cap = set->capfds ? set->capfds * 2 : 16;
		int *v = realloc(set->fds, cap * sizeof(*v));
		if (!v)
			return -ENOMEM;
		set->fds = v;
		set->capfds = cap;
	}
	set->fds[set->nfds++] = fd;
	return 0;
}

/* The point's perf event, not yet enabled: fd or -errno. */
static int open_event(const struct attach_point *a, const struct attach_fd_opts *o)
{
	struct perf_event_attr attr = { .size = sizeof(attr), .sample_period = 1, .wakeup_events = 1 };
	int pid = -1;
	if (a->kind == PAT_TRACEPOINT) {
		int id = o->tp_id ? o->tp_id : tracepoint_id(a->target);
		if (id < 0)
			return id;
		attr.type = PERF_TYPE_TRACEPOINT;
		attr.config = id;
	} else {
		const char *pmu = a->kind == PAT_KPROBE ? "kprobe" : "uprobe";
		char path[96];
		snprintf(path, sizeof(path), "/sys/bus/event_source/devices/%s/type", pmu);
		int type = read_number(path, "%d", -1);
		if (type < 0)
			return -EOPNOTSUPP;
		attr.type = type;
		/* The bit that makes the PMU's event a return probe. */
		snprintf(path, sizeof(path), "/sys/bus/event_source/devices/%s/format/retprobe", pmu);
		if (o->retprobe)
			attr.config |= 1ULL << read_number(path, "config:%d", 0);
		if (a->kind == PAT_KPROBE) {
			attr.config1 = (uint64_t)(uintptr_t)a->target;
			attr.config2 = o->kofs;
		} else {
			attr.config1 = (uint64_t)(uintptr_t)a->path;
			attr.config2 = a->offset;
			/* The kernel counts the semaphore up while attached:
			 * USDT probes guarded by it start firing. */
			attr.config |= o->ref_ctr << 32;
			pid = o->pid ? o->pid : -1;
		}
	}
	/* A tracepoint's, kprobe's or process-wide uprobe's program runs
	 * wherever the event fires, whatever CPU the event was opened on. */
	int fd = syscall(__NR_perf_event_open, &attr, pid, pid == -1 ? 0 : -1, -1, PERF_FLAG_FD_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

/* BPF_PERF_EVENT links (5.15): 1 the kernel has them, 0 it has not (the
 * program is set on the event by ioctl, with no cookie), -1 not known yet. */
static int perf_links = -1;

/* The program on the event pfd, enabled: a link's fd, or -1 when set by
 * ioctl; -errno with *mech the mechanism that failed. */
static int set_prog(int prog_fd, int pfd, uint64_t cookie, const char **mech)
{
	int link = -1;
	*mech = "perf event link";
	if (perf_links) {
		LIBBPF_OPTS(bpf_link_create_opts, lo, .perf_event.bpf_cookie = cookie);
		link = bpf_link_create(prog_fd, pfd, BPF_PERF_EVENT, &lo);
		/* A kernel without them takes the attach type for a bad one. */
		if (link < 0 && (perf_links == 1 || errno != EINVAL))
			return -errno;
	}
	if (link < 0) {
		link = -1; /* bpf_link_create's -errno */
		*mech = "perf event ioctl";
		if (cookie)
			return -EOPNOTSUPP;
		if (ioctl(pfd, PERF_EVENT_IOC_SET_BPF, prog_fd))
			return -errno;
		if (perf_links < 0)
			log_debug("no BPF perf event links: programs set on their events by ioctl");
		perf_links = 0;
	} else {
		perf_links = 1;
	}
	if (ioctl(pfd, PERF_EVENT_IOC_ENABLE, 0)) {
		int err = -errno;
		if (link >= 0)
			close(link);
		return err;
	}
	return link;
}

/* pfd's mechanism, for the error line. */
static const char *event_mech(enum pattern_kind k)
{
	return k == PAT_TRACEPOINT ? "perf event" : k == PAT_KPROBE ? "kprobe PMU" : "uprobe PMU";
}

static int fd_attach_one(int prog_fd, const struct attach_point *a, const struct attach_fd_opts *o,
			 struct attach_set *set, const char **mech)
{
	*mech = event_mech(a->kind);
	int pfd = open_event(a, o);
	if (pfd < 0)
		return pfd;
	int link = set_prog(prog_fd, pfd, o->cookie, mech);
	if (link < -1) {
		close(pfd);
		return link;
	}
	int err = add_fd(set, pfd);
	if (err) {
		close(pfd);
		if (link >= 0)
			close(link);
		return err;
	}
	if (link >= 0 && (err = add_fd(set, link))) {
		close(link);
		return err;
	}
	return 0;
}

int attach_fd(int prog_fd, const struct attach_point *pts, int n, const struct attach_fd_opts *o,
	      struct attach_set *set)
{
	int had = set->nfds, err = 0;
	for (int i = 0; i < n && !err; i++) {
		const char *mech;
		err = lacks(&pts[i], o->retprobe);
		/* Ctrl-C during a long attach stops it here. */
		if (!err && loop_exiting)
			err = -EINTR;
		else if (!err && (err = fd_attach_one(prog_fd, &pts[i], o, set, &mech)))
			fd_cannot(&pts[i], o->retprobe, mech, err);
	}
	if (err) {
		fds_close(set->fds + had, set->nfds - had);
		set->nfds = had;
	}
	return err;
}
