#include "core/attach.h"

#include "core/detach.h"
#include "core/features.h"
#include "core/log.h"
#include "core/loop.h"
#include "core/syscalls.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

static bool use_multi(enum pattern_kind k)
{
	if (k == PAT_KPROBE)
		return feature_has(FEAT_KPROBE_MULTI);
	if (k == PAT_UPROBE)
		return feature_has(FEAT_UPROBE_MULTI);
	return false;
}

static const char *prog_for(enum pattern_kind k, bool multi)
{
	switch (k) {
	case PAT_KPROBE:
		return multi ? "on_kprobe_multi" : "on_kprobe";
	case PAT_UPROBE:
		return multi ? "on_uprobe_multi" : "on_uprobe";
	case PAT_TRACEPOINT:
		return "on_tracepoint";
	default:
		return "on_usdt";
	}
}

static const char *kind_name(enum pattern_kind k)
{
	static const char *const names[] = { "kprobe", "uprobe", "tracepoint", "USDT probe" };
	return names[k];
}

/* probes/dynamic.bpf.h's DYNAMIC_MAX_SYSCALLS. */
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

static bool in_bulk(struct bpf_object *obj, const struct attach_point *a, bool *exit)
{
	return syscall_point(a, exit) >= 0 && bulk_syscalls(obj);
}

int attach_prepare(struct bpf_object *obj, const struct attach_point *pts, int n)
{
	struct bpf_program *prog;
	bpf_object__for_each_program(prog, obj)
		bpf_program__set_autoload(prog, false);
	for (int i = 0; i < n; i++) {
		bool exit;
		if (in_bulk(obj, &pts[i], &exit)) {
			prog = bpf_object__find_program_by_name(obj, exit ? "on_sys_exit" : "on_sys_enter");
			bpf_program__set_autoload(prog, true);
			continue;
		}
		enum feature need = pts[i].kind == PAT_KPROBE ? FEAT_KPROBES
				    : pts[i].kind == PAT_TRACEPOINT ? FEAT_TRACEPOINTS
								      : FEAT_UPROBES;
		if (!feature_has(need)) {
			log_err("cannot attach %s %s: %s: %s", kind_name(pts[i].kind), pts[i].name, feature_name(need),
				feature_reason(need));
			return -EOPNOTSUPP;
		}
		prog = bpf_object__find_program_by_name(obj, prog_for(pts[i].kind, use_multi(pts[i].kind)));
		if (!prog) {
			log_err("internal error: no program for %s", kind_name(pts[i].kind));
			return -ENOENT;
		}
		bpf_program__set_autoload(prog, true);
	}
	return 0;
}

static int add_link(struct attach_set *set, struct bpf_link *l)
{
	if (set->n == set->cap) {
		int cap = set->cap ? set->cap * 2 : 16;
		struct bpf_link **v = realloc(set->links, cap * sizeof(*v));
		if (!v)
			return -ENOMEM;
		set->links = v;
		set->cap = cap;
	}
	set->links[set->n++] = l;
	return 0;
}

static struct bpf_link *attach_single(struct bpf_program *prog, const struct attach_point *a, int pid, __u64 cookie)
{
	switch (a->kind) {
	case PAT_KPROBE: {
		LIBBPF_OPTS(bpf_kprobe_opts, o, .bpf_cookie = cookie);
		return bpf_program__attach_kprobe_opts(prog, a->target, &o);
	}
	case PAT_UPROBE: {
		LIBBPF_OPTS(bpf_uprobe_opts, o, .bpf_cookie = cookie);
		return bpf_program__attach_uprobe_opts(prog, pid ? pid : -1, a->path, a->offset, &o);
	}
	case PAT_TRACEPOINT: {
		char cat[200];
		const char *colon = strchr(a->target, ':');
		snprintf(cat, sizeof(cat), "%.*s", (int)(colon - a->target), a->target);
		LIBBPF_OPTS(bpf_tracepoint_opts, o, .bpf_cookie = cookie);
		return bpf_program__attach_tracepoint_opts(prog, cat, colon + 1, &o);
	}
	default: {
		LIBBPF_OPTS(bpf_usdt_opts, o, .usdt_cookie = cookie);
		return bpf_program__attach_usdt(prog, pid ? pid : -1, a->path, a->provider, a->target, &o);
	}
	}
}

/* All points of one kind (and for uprobes one binary) in one link. */
static int attach_multi(struct bpf_program *prog, const struct attach_point *pts, int n, enum pattern_kind kind,
			const char *path, int pid, struct attach_set *set, bool *done)
{
	const char **syms = calloc(n, sizeof(*syms));
	unsigned long *offs = calloc(n, sizeof(*offs));
	__u64 *cookies = calloc(n, sizeof(*cookies));
	int cnt = 0, err = 0;
	int *idx = calloc(n, sizeof(*idx));
	if (!syms || !offs || !cookies || !idx) {
		err = -ENOMEM;
		goto out;
	}
	for (int i = 0; i < n; i++) {
		if (done[i] || pts[i].kind != kind || (path && strcmp(pts[i].path, path)))
			continue;
		syms[cnt] = pts[i].target;
		offs[cnt] = pts[i].offset;
		cookies[cnt] = i;
		idx[cnt++] = i;
	}
	struct bpf_link *l;
	if (kind == PAT_KPROBE) {
		LIBBPF_OPTS(bpf_kprobe_multi_opts, o, .syms = syms, .cookies = cookies, .cnt = cnt);
		l = bpf_program__attach_kprobe_multi_opts(prog, NULL, &o);
	} else {
		LIBBPF_OPTS(bpf_uprobe_multi_opts, o, .offsets = offs, .cookies = cookies, .cnt = cnt);
		l = bpf_program__attach_uprobe_multi(prog, pid ? pid : -1, path, NULL, &o);
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
	log_debug("%d %ss attached with one %s link", cnt, kind_name(kind),
		  kind == PAT_KPROBE ? "kprobe_multi" : "uprobe_multi");
	for (int k = 0; k < cnt; k++)
		done[idx[k]] = true;
out:
	free(syms);
	free(offs);
	free(cookies);
	free(idx);
	return err;
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
			if (!in_bulk(obj, &pts[i], &exit) || exit != dir)
				continue;
			__u32 nr = syscall_point(&pts[i], &exit);
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

int attach_all(struct bpf_object *obj, const struct attach_point *pts, int n, int pid, struct attach_set *set)
{
	bool *done = calloc(n, sizeof(*done));
	int err = 0;
	memset(set, 0, sizeof(*set));
	if (!done)
		return -ENOMEM;
	err = attach_syscalls(obj, pts, n, set, done);
	for (int i = 0; i < n && !err; i++) {
		if (done[i] || !use_multi(pts[i].kind))
			continue;
		struct bpf_program *prog = bpf_object__find_program_by_name(obj, prog_for(pts[i].kind, true));
		int merr = attach_multi(prog, pts, n, pts[i].kind, pts[i].kind == PAT_UPROBE ? pts[i].path : NULL,
					pid, set, done);
		if (merr)
			log_debug("multi-attach of %ss failed (%s); attaching one by one", kind_name(pts[i].kind),
				  strerror(-merr));
		if (merr && !done[i]) {
			/* The single-point program was not loaded; say so plainly. */
			log_err("cannot attach %s %s (%s multi-link): %s", kind_name(pts[i].kind), pts[i].name,
				pts[i].kind == PAT_KPROBE ? "kprobe" : "uprobe", strerror(-merr));
			err = merr;
		}
	}
	for (int i = 0; i < n && !err; i++) {
		if (done[i])
			continue;
		/* Ctrl-C during a long attach (hundreds of kprobes) stops it
		 * here rather than after every point is attached. */
		if (loop_exiting) {
			err = -EINTR;
			break;
		}
		struct bpf_program *prog = bpf_object__find_program_by_name(obj, prog_for(pts[i].kind, false));
		struct bpf_link *l = attach_single(prog, &pts[i], pid, i);
		if (!l) {
			err = -errno;
			log_err("cannot attach %s %s: %s", kind_name(pts[i].kind), pts[i].name, strerror(-err));
			break;
		}
		err = add_link(set, l);
	}
	free(done);
	if (err)
		attach_destroy(set);
	return err;
}

void attach_destroy(struct attach_set *set)
{
	links_destroy(set->links, set->n);
	free(set->links);
	memset(set, 0, sizeof(*set));
}
