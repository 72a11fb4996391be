#include "core/probe.h"

#include "core/binary.h"
#include "core/features.h"
#include "core/log.h"
#include "core/usdt.h"

#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *const mech_names[] = {
	[PM_NONE] = "none",	     [PM_FENTRY] = "fentry",	       [PM_FEXIT] = "fexit",
	[PM_KPROBE] = "kprobe",	     [PM_KRETPROBE] = "kretprobe",     [PM_TP_BTF] = "tp_btf",
	[PM_RAW_TP] = "raw_tp",	     [PM_TRACEPOINT] = "tracepoint",   [PM_UPROBE] = "uprobe",
	[PM_URETPROBE] = "uretprobe", [PM_USDT] = "usdt",
};

const char *probe_mech_name(enum probe_mech m)
{
	return mech_names[m];
}

static enum feature mech_feature(enum probe_mech m)
{
	switch (m) {
	case PM_FENTRY:
	case PM_FEXIT:
		return FEAT_FENTRY;
	case PM_KPROBE:
	case PM_KRETPROBE:
		return FEAT_KPROBES;
	case PM_TP_BTF:
		return FEAT_TP_BTF;
	case PM_RAW_TP:
		return FEAT_RAW_TP;
	case PM_UPROBE:
	case PM_URETPROBE:
	case PM_USDT:
		return FEAT_UPROBES;
	case PM_TRACEPOINT:
	default:
		return FEAT_TRACEPOINTS;
	}
}

/* Why this alternative cannot be used here, or NULL when it can. */
static const char *alt_unusable(const struct probe_alt *a, char *buf, size_t len)
{
	enum feature f = mech_feature(a->mech);
	/* Proving tp_btf by loading a program costs a full parse of the
	 * kernel's BTF (~15 ms), which the real load repeats anyway; every
	 * kernel with BTF in sysfs (5.5+) has tp_btf, so BTF is the test here
	 * and `bpfkit features` does the full probe. */
	if (f == FEAT_TP_BTF && !feature_disabled_by_env(f))
		f = FEAT_BTF;
	if (!feature_has(f)) {
		snprintf(buf, len, "%s: %s", feature_name(f), feature_reason(f));
		return buf;
	}
	if (a->mech == PM_TRACEPOINT) {
		const char *tfs = tracefs_path();
		if (!tfs) {
			snprintf(buf, len, "tracefs cannot be mounted (%s): mount -t tracefs tracefs /sys/kernel/tracing",
				 strerror(errno));
			return buf;
		}
		char path[256], cat[64];
		const char *colon = strchr(a->target, ':');
		snprintf(cat, sizeof(cat), "%.*s", colon ? (int)(colon - a->target) : 0, a->target);
		snprintf(path, sizeof(path), "%s/events/%s/%s", tfs, cat, colon ? colon + 1 : a->target);
		struct stat st;
		if (stat(path, &st)) {
			snprintf(buf, len, "this kernel has no tracepoint %s", a->target);
			return buf;
		}
	}
	return NULL;
}

/* A function in /proc/kallsyms (a module's, which vmlinux's BTF does not
 * list). */
static bool in_kallsyms(const char *func)
{
	FILE *f = fopen("/proc/kallsyms", "r");
	char line[512], name[256];
	bool found = false;
	while (f && !found && fgets(line, sizeof(line), f))
		found = sscanf(line, "%*s %*s %255s", name) == 1 && !strcmp(name, func);
	if (f)
		fclose(f);
	return found;
}

/* Whether the kernel has a function for a kprobe: by the kernel's BTF
 * (read once per selection, and only on a kernel with kprobes whose fentry
 * alternative was not usable), else by kallsyms (a module's function, which
 * may have no BTF); without BTF the attach will tell. */
static bool function_exists(const char *func, struct btf **btf)
{
	if (!feature_has(FEAT_BTF))
		return true;
	if (!*btf)
		*btf = btf__load_vmlinux_btf();
	return !*btf || btf__find_by_name_kind(*btf, func, BTF_KIND_FUNC) >= 0 || in_kallsyms(func);
}

/* Whether file has the USDT probe "provider:name"; else why not, in
 * words that say how such a binary is built. */
static bool usdt_present(const char *file, const char *target, pid_t pid, char *why, size_t len)
{
	char provider[128], err[256] = "";
	const char *colon = strchr(target, ':');
	if (!file || !file[0] || !colon || colon - target >= (long)sizeof(provider)) {
		snprintf(why, len, "a binary to look in");
		return false;
	}
	snprintf(provider, sizeof(provider), "%.*s", (int)(colon - target), target);
	struct usdt_site *sites = NULL;
	int n = usdt_sites(file, provider, colon + 1, pid, &sites, err, sizeof(err));
	free(sites);
	if (n > 0)
		return true;
	if (n == 0 || n == -ENOENT)
		snprintf(why, len, "a binary with it, and %.120s has none (built without SystemTap SDT probes, e.g. --enable-dtrace)",
			 file);
	else
		snprintf(why, len, "%.200s", err);
	return false;
}

int probes_select(struct bpf_object *obj, const struct probe_spec *specs, int n, int *chosen)
{
	struct bpf_program *prog;

	/* Tools that attach at run time what the user names (funccount's
	 * patterns) declare no specs and choose their programs themselves. */
	if (n == 0)
		return 0;
	/* Start from nothing loaded; each spec turns on the one program it picks.
	 * Programs no spec mentions are helpers of other paths and stay off,
	 * but for perf_event programs: no spec attaches those, the tool's
	 * samples (core/tool.h's struct tool_sample) do. */
	bpf_object__for_each_program(prog, obj)
		if (bpf_program__type(prog) != BPF_PROG_TYPE_PERF_EVENT)
			bpf_program__set_autoload(prog, false);

	struct btf *btf = NULL; /* for kprobes without fentry: read once, if at all */
	int ret = 0;
	for (int i = 0; i < n && !ret; i++) {
		const struct probe_spec *s = &specs[i];
		char why[PROBE_MAX_ALTS][240];
		int nalts = 0;
		chosen[i] = -1;
		if (s->when && !*s->when)
			continue;
		/* A library that is not there: said before anything loads (the
		 * attach finds it again for its path). */
		char lib[4096] = ""; /* no library: usdt_present() reads it */
		if (s->library && resolve_binary(*s->library, s->pid ? *s->pid : 0, lib, sizeof(lib)) < 0) {
			log_err("cannot trace %s: cannot find library '%s'", s->name, *s->library);
			ret = -ENOENT;
			break;
		}
		for (int a = 0; a < PROBE_MAX_ALTS && s->alt[a].mech != PM_NONE; a++, nalts++) {
			const struct probe_alt *alt = &s->alt[a];
			if (alt_unusable(alt, why[a], sizeof(why[a])))
				continue;
			prog = bpf_object__find_program_by_name(obj, alt->prog);
			if (!prog) {
				log_err("internal error: probe %s names missing program %s", s->name, alt->prog);
				btf__free(btf);
				return -ENOENT;
			}
			/* A chain may name a function or tracepoint some kernels
			 * lack (filemap_add_folio before add_to_page_cache_lru; a
			 * function inlined away; block_io_start before 6.5): then
			 * it is the next alternative's turn.  libbpf looks the
			 * target up in the BTF it keeps for the load, so this
			 * costs no second parse of it. */
			if (alt->mech == PM_FENTRY || alt->mech == PM_FEXIT || alt->mech == PM_TP_BTF) {
				if (bpf_program__set_attach_target(prog, 0, alt->target)) {
					snprintf(why[a], sizeof(why[a]), "this kernel's BTF has no %s %s",
						 alt->mech == PM_TP_BTF ? "tracepoint" : "function", alt->target);
					continue;
				}
			} else if ((alt->mech == PM_KPROBE || alt->mech == PM_KRETPROBE) &&
				   !function_exists(alt->target, &btf)) {
				snprintf(why[a], sizeof(why[a]), "this kernel has no function %s", alt->target);
				continue;
			} else if (alt->mech == PM_USDT &&
				   !usdt_present(s->binary ? *s->binary : lib, alt->target, s->pid ? *s->pid : 0, why[a],
						 sizeof(why[a]))) {
				continue;
			}
			bpf_program__set_autoload(prog, true);
			chosen[i] = a;
			log_debug("probe %s: %s %s", s->name, probe_mech_name(alt->mech), alt->target);
			break;
		}
		if (chosen[i] >= 0)
			continue;
		if (s->optional) {
			log_debug("probe %s skipped: %s", s->name, nalts ? why[0] : "no alternatives");
			continue;
		}
		char msg[1024];
		int off = snprintf(msg, sizeof(msg), "cannot trace %s:", s->name);
		for (int a = 0; a < nalts && off < (int)sizeof(msg); a++)
			off += snprintf(msg + off, sizeof(msg) - off, "%s %s %s needs %s", a ? ";" : "",
					probe_mech_name(s->alt[a].mech), s->alt[a].target, why[a]);
		log_err("%s", msg);
		ret = -EOPNOTSUPP;
	}
	btf__free(btf);
	return ret;
}

static struct bpf_link *attach_one(struct bpf_program *prog, const struct probe_spec *s, const struct probe_alt *a,
				   const char *file)
{
	switch (a->mech) {
	case PM_UPROBE:
	case PM_URETPROBE: {
		LIBBPF_OPTS(bpf_uprobe_opts, uo, .func_name = a->target, .retprobe = a->mech == PM_URETPROBE);
		pid_t pid = s->pid && *s->pid ? *s->pid : -1;
		return bpf_program__attach_uprobe_opts(prog, pid, file, 0, &uo);
	}
	case PM_USDT: {
		char provider[128];
		const char *colon = strchr(a->target, ':');
		if (!colon || colon - a->target >= (long)sizeof(provider)) {
			errno = EINVAL;
			return NULL;
		}
		snprintf(provider, sizeof(provider), "%.*s", (int)(colon - a->target), a->target);
		pid_t pid = s->pid && *s->pid ? *s->pid : -1;
		return bpf_program__attach_usdt(prog, pid, file, provider, colon + 1, NULL);
	}
	case PM_KPROBE:
	case PM_KRETPROBE:
		return bpf_program__attach_kprobe(prog, a->mech == PM_KRETPROBE, a->target);
	case PM_RAW_TP:
		return bpf_program__attach_raw_tracepoint(prog, a->target);
	case PM_TRACEPOINT: {
		char cat[64];
		const char *colon = strchr(a->target, ':');
		if (!colon) {
			errno = EINVAL;
			return NULL;
		}
		snprintf(cat, sizeof(cat), "%.*s", (int)(colon - a->target), a->target);
		return bpf_program__attach_tracepoint(prog, cat, colon + 1);
	}
	default:
		/* BTF-typed programs carry their target from load time. */
		return bpf_program__attach(prog);
	}
}

int probes_attach(struct bpf_object *obj, const struct probe_spec *specs, int n, const int *chosen,
		  struct bpf_link **links)
{
	for (int i = 0; i < n; i++) {
		links[i] = NULL;
		if (chosen[i] < 0)
			continue;
		const struct probe_alt *a = &specs[i].alt[chosen[i]];
		/* Several specs may share one catch-all program (raw sys_enter for
		 * many syscalls); it is attached once. */
		bool shared = false;
		for (int j = 0; j < i; j++)
			if (chosen[j] >= 0 && !strcmp(specs[j].alt[chosen[j]].prog, a->prog) &&
			    !strcmp(specs[j].alt[chosen[j]].target, a->target))
				shared = true;
		if (shared)
			continue;
		struct bpf_program *prog = bpf_object__find_program_by_name(obj, a->prog);
		char path[4096] = "";
		const char *file = specs[i].binary ? *specs[i].binary : path;
		int err = 0;
		if (specs[i].library &&
		    (err = resolve_binary(*specs[i].library, specs[i].pid ? *specs[i].pid : 0, path, sizeof(path))) < 0) {
			log_err("cannot trace %s: cannot find library '%s'", specs[i].name, *specs[i].library);
		} else if (!(links[i] = attach_one(prog, &specs[i], a, file))) {
			err = -errno;
			/* An optional user function the file lacks (memleak's
			 * valloc in a libc without it, as BCC's can_fail): said
			 * once, at its entry's spec, and left out. */
			bool user = a->mech == PM_UPROBE || a->mech == PM_URETPROBE;
			if (specs[i].optional && user && err == -ENOENT) {
				if (a->mech == PM_UPROBE)
					log_warn("not tracing %s: %s has no function %s", specs[i].name, file, a->target);
				continue;
			}
			log_err("cannot attach %s (%s %s%s%s): %s", specs[i].name, probe_mech_name(a->mech), a->target,
				file[0] ? " in " : "", file, strerror(-err));
		}
		if (err) {
			while (i-- > 0)
				bpf_link__destroy(links[i]), links[i] = NULL;
			return err;
		}
	}
	return 0;
}
