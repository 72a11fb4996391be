#include "core/probe.h"

#include "core/features.h"
#include "core/log.h"

#include <bpf/libbpf.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static const char *const mech_names[] = {
	[PM_NONE] = "none",	     [PM_FENTRY] = "fentry",	       [PM_FEXIT] = "fexit",
	[PM_KPROBE] = "kprobe",	     [PM_KRETPROBE] = "kretprobe",     [PM_TP_BTF] = "tp_btf",
	[PM_RAW_TP] = "raw_tp",	     [PM_TRACEPOINT] = "tracepoint",
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

int probes_select(struct bpf_object *obj, const struct probe_spec *specs, int n, int *chosen)
{
	struct bpf_program *prog;

	/* Tools that attach at run time what the user names (funccount's
	 * patterns) declare no specs and choose their programs themselves. */
	if (n == 0)
		return 0;
	/* Start from nothing loaded; each spec turns on the one program it picks.
	 * Programs no spec mentions are helpers of other paths and stay off. */
	bpf_object__for_each_program(prog, obj)
		bpf_program__set_autoload(prog, false);

	for (int i = 0; i < n; i++) {
		const struct probe_spec *s = &specs[i];
		char why[PROBE_MAX_ALTS][240];
		int nalts = 0;
		chosen[i] = -1;
		for (int a = 0; a < PROBE_MAX_ALTS && s->alt[a].mech != PM_NONE; a++, nalts++) {
			const struct probe_alt *alt = &s->alt[a];
			if (alt_unusable(alt, why[a], sizeof(why[a])))
				continue;
			prog = bpf_object__find_program_by_name(obj, alt->prog);
			if (!prog) {
				log_err("internal error: probe %s names missing program %s", s->name, alt->prog);
				return -ENOENT;
			}
			bpf_program__set_autoload(prog, true);
			if (alt->mech == PM_FENTRY || alt->mech == PM_FEXIT || alt->mech == PM_TP_BTF) {
				int err = bpf_program__set_attach_target(prog, 0, alt->target);
				if (err) {
					log_err("cannot attach %s: %s %s not found in kernel BTF", s->name,
						probe_mech_name(alt->mech), alt->target);
					return err;
				}
			}
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
		return -EOPNOTSUPP;
	}
	return 0;
}

static struct bpf_link *attach_one(struct bpf_program *prog, const struct probe_alt *a)
{
	switch (a->mech) {
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
		links[i] = attach_one(prog, a);
		if (!links[i]) {
			int err = -errno;
			log_err("cannot attach %s (%s %s): %s", specs[i].name, probe_mech_name(a->mech), a->target,
				strerror(-err));
			while (i-- > 0)
				bpf_link__destroy(links[i]), links[i] = NULL;
			return err;
		}
	}
	return 0;
}
