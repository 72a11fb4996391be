#include "core/compiler/dynprobe.h"

#include "core/attach.h"
#include "core/debug.h"
#include "core/disasm.h"
#include "core/log.h"
#include "core/pattern.h"
#include "core/privilege.h"
#include "core/tracer.h"

#include <bpf/bpf.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The places the spec's location names, through the resolver every tool
 * uses (core/pattern.h): kernel functions a kprobe can take, a binary's
 * functions, tracepoints a perf event can take, USDT probes.  pid (0 =
 * any) resolves library names through that process's mappings. */
static int resolve(const struct dynprobe *d, int pid, struct attach_point **pts, char *err, size_t errlen)
{
	int n = pattern_resolve(&d->spec.loc, pid, pts, err, errlen);
	if (n > 0 && n > DYNPROBE_MAX_LINKS) {
		attach_points_free(*pts, n);
		snprintf(err, errlen, "%s: more than %d places to attach", d->display, DYNPROBE_MAX_LINKS);
		return -E2BIG;
	}
	return n;
}

/* Every site of the probes a USDT location names, each with its arguments'
 * registers. */
static int usdt_prepare(struct dynprobe *d, char *err, size_t errlen)
{
	struct attach_point *pts;
	int n = resolve(d, 0, &pts, err, errlen), rc = 0;
	if (n < 0)
		return n;
	for (int i = 0; i < n && !rc; i++) {
		struct usdt_site *s;
		int k = usdt_sites(pts[i].path, pts[i].provider, pts[i].target, 0, &s, err, errlen);
		struct usdt_site *v = k < 0 ? NULL : realloc(d->sites, (size_t)(d->nsites + k) * sizeof(*v));
		if (k >= 0 && !v) {
			free(s);
			k = -ENOMEM;
		}
		if (k < 0) {
			rc = k;
			break;
		}
		memcpy(v + d->nsites, s, (size_t)k * sizeof(*s));
		free(s);
		d->sites = v;
		d->nsites += k;
	}
	attach_points_free(pts, n);
	if (rc)
		return rc;
	d->more_progs = calloc((size_t)d->nsites, sizeof(*d->more_progs));
	d->more_fds = malloc((size_t)d->nsites * sizeof(*d->more_fds));
	if (!d->more_progs || !d->more_fds)
		return -ENOMEM;
	for (int i = 0; i < d->nsites; i++)
		d->more_fds[i] = -1;
	return 0;
}

int dynprobe_prepare(struct dynprobe *d, char *err, size_t errlen)
{
	struct ts_probe *s = &d->spec;
	d->prog_fd = d->entry_fd = -1;
	d->display = s->func;
	if (s->kind == TS_USDT)
		return usdt_prepare(d, err, errlen);
	if (s->kind != TS_TRACEPOINT)
		return 0; /* functions are resolved when attached */
	struct attach_point *pts;
	int n = resolve(d, 0, &pts, err, errlen);
	if (n < 0)
		return n;
	attach_points_free(pts, n);
	/* The name is a name, not a glob: the one event, whose fields the
	 * compiler reads. */
	return tg_tracepoint_load(s->lib, s->func, &d->tp, err, errlen);
}

int dynprobe_nprograms(const struct dynprobe *d)
{
	return d->nsites ? d->nsites : 1;
}

struct tg_program *dynprobe_program(struct dynprobe *d, int k)
{
	return k ? &d->more_progs[k - 1] : &d->prog;
}

const struct usdt_site *dynprobe_site(const struct dynprobe *d, int k)
{
	return d->nsites ? &d->sites[k] : NULL;
}

/* -v names each program by its kernel id, for bpftool (and for the tests,
 * which check that these are gone once the tool is). */
static void log_loaded(const struct dynprobe *d, int fd, const char *what)
{
	struct bpf_prog_info info = { 0 };
	uint32_t len = sizeof(info);
	if (log_verbose && !bpf_prog_get_info_by_fd(fd, &info, &len))
		log_debug("%s%s: loaded as BPF program %u", d->display, what, info.id);
}

/* The kernel's name for the program (bpftool, bpflist): the tool and the
 * function or event it serves, in the kernel's 15 characters and its
 * alphabet: trace_getpid for t:syscalls:sys_enter_getpid. */
static void program_name(const struct dynprobe *d, bool entry, char *buf, size_t len)
{
	const char *f = d->spec.func ? d->spec.func : "probe";
	static const char *const noise[] = { "__x64_sys_", "sys_enter_", "sys_exit_", "__se_sys_", NULL };
	for (int i = 0; noise[i]; i++)
		if (!strncmp(f, noise[i], strlen(noise[i])) && f[strlen(noise[i])]) {
			f += strlen(noise[i]);
			break;
		}
	char full[64];
	snprintf(full, sizeof(full), "%s_%s%s", log_prog, f, entry ? "_e" : "");
	if (len > BPF_OBJ_NAME_LEN)
		len = BPF_OBJ_NAME_LEN;
	size_t i = 0;
	for (; full[i] && i + 1 < len; i++)
		buf[i] = (isalnum((unsigned char)full[i]) || full[i] == '_' || full[i] == '.') ? full[i] : '_';
	buf[i] = 0;
}

/* The verifier's log of a program it accepted (--bpf-debug 0x2, 0x10), in a
 * buffer that grows while the log does not fit. */
static int load_logged(struct tg_program *p, const char *name, const char *shown)
{
	int fd = -1, e = 0;
	for (size_t size = 1 << 20; size <= (1u << 30); size <<= 2) {
		char *log = calloc(1, size);
		if (!log)
			return -1;
		LIBBPF_OPTS(bpf_prog_load_opts, lo, .log_buf = log, .log_size = (uint32_t)size,
			    .log_level = (uint32_t)debug_log_level());
		fd = bpf_prog_load(p->prog_type, name, "GPL", p->g.insn, p->g.n, &lo);
		e = errno;
		if (fd >= 0)
			debug_print_verifier_log(shown, log);
		free(log);
		if (fd >= 0 || e != ENOSPC)
			break;
	}
	errno = e;
	return fd;
}

static int load_one(struct dynprobe *d, struct tg_program *p, const char *what)
{
	/* --ebpf prints the program and stops; -v shows it on stderr and goes on,
	 * as BCC's -v shows its generated C; so does --bpf-debug 0x2 or 0x4. */
	if (tracer_print_ebpf || log_verbose || (debug_flags & (DEBUG_BPF | DEBUG_PREPROCESSOR))) {
		FILE *out = tracer_print_ebpf ? stdout : stderr;
		fflush(stdout);
		fprintf(out, "%s%s:\n", d->display, what);
		disasm_print(out, p->g.insn, p->g.n);
	}
	char name[BPF_OBJ_NAME_LEN], shown[256];
	program_name(d, p == &d->entry, name, sizeof(name));
	snprintf(shown, sizeof(shown), "%s%s (%s)", d->display, what, name);
	int fd = debug_log_level() ? load_logged(p, name, shown)
				   : bpf_prog_load(p->prog_type, name, "GPL", p->g.insn, p->g.n, NULL);
	if (fd >= 0) {
		log_loaded(d, fd, what);
		if (debug_flags & DEBUG_SOURCE)
			debug_print_loaded(stderr, fd, shown);
		return fd;
	}
	/* Refused: again with the verifier's log, whose last word says why
	 * (a log too small for the whole walk would fail on its own). */
	int e = errno;
	size_t size = 4 << 20;
	char *log = calloc(1, size);
	LIBBPF_OPTS(bpf_prog_load_opts, lo, .log_buf = log, .log_size = (uint32_t)size, .log_level = 1);
	if (log && (fd = bpf_prog_load(p->prog_type, name, "GPL", p->g.insn, p->g.n, &lo)) >= 0) {
		free(log);
		log_loaded(d, fd, what);
		return fd;
	}
	if (log && fd < 0)
		e = errno;
	char *last = NULL;
	for (char *l = log ? strtok(log, "\n") : NULL; l; l = strtok(NULL, "\n"))
		if (*l && strncmp(l, "processed ", 10))
			last = l;
	const char *missing = e == EPERM || e == EACCES ? priv_bpf_missing() : NULL;
	if (missing)
		log_err("permission denied loading the program for %s%s: %s", d->display, what, missing);
	else
		log_err("the kernel refused the program for %s%s: %s%s%s", d->display, what, strerror(e),
			last ? ": " : "", last ? last : "");
	free(log);
	return -EINVAL;
}

int dynprobe_load(struct dynprobe *d)
{
	d->prog_fd = load_one(d, &d->prog, "");
	if (d->prog_fd < 0)
		return d->prog_fd;
	for (int k = 1; k < d->nsites; k++) {
		d->more_fds[k - 1] = load_one(d, &d->more_progs[k - 1], " (another site)");
		if (d->more_fds[k - 1] < 0)
			return d->more_fds[k - 1];
	}
	if (d->has_entry) {
		d->entry_fd = load_one(d, &d->entry, " (entry)");
		if (d->entry_fd < 0)
			return d->entry_fd;
	}
	return 0;
}

/* Every place of the spec for one of its programs, through the attach path
 * every tool uses (core/attach.h). */
static int attach_prog(struct dynprobe *d, int prog_fd, bool ret, pid_t tgid)
{
	struct ts_probe *s = &d->spec;
	struct attach_fd_opts o = { .retprobe = ret, .pid = tgid };
	if (s->kind == TS_TRACEPOINT) {
		/* The one event whose format the program was compiled for. */
		char name[512];
		snprintf(name, sizeof(name), "%s:%s", s->lib, s->func);
		struct attach_point a = { .kind = PAT_TRACEPOINT, .name = name, .target = name, .path = "", .provider = "" };
		o.tp_id = d->tp.id;
		return attach_fd(prog_fd, &a, 1, &o, &d->set);
	}
	if (s->kind == TS_USDT) {
		int rc = 0;
		for (int k = 0; k < d->nsites && !rc; k++) {
			struct attach_point a = { .kind = PAT_USDT, .name = (char *)d->display, .target = "",
						  .path = d->sites[k].path, .provider = "", .offset = d->sites[k].offset };
			o.ref_ctr = d->sites[k].sema_offset;
			rc = attach_fd(k ? d->more_fds[k - 1] : prog_fd, &a, 1, &o, &d->set);
		}
		return rc;
	}
	/* A function: every place the location resolves to (a kernel
	 * function by the name it has in kallsyms, "foo.isra.0" for "foo"; a
	 * user function at each address its names have), once for both
	 * programs of an entry and a return. */
	bool kernel = s->kind == TS_KPROBE || s->kind == TS_KRETPROBE;
	if (!d->pts) {
		char err[256];
		int n = resolve(d, kernel ? 0 : tgid, &d->pts, err, sizeof(err));
		if (n < 0) {
			d->pts = NULL;
			log_err("%s", err);
			return n;
		}
		d->npts = n;
	}
	if (kernel)
		o.kofs = s->offset;
	return attach_fd(prog_fd, d->pts, d->npts, &o, &d->set);
}

int dynprobe_attach(struct dynprobe *d, pid_t tgid)
{
	bool ret = tracespec_is_return(&d->spec);
	/* The entry program first: a return seen before it would find no
	 * entry and be skipped, never miscounted. */
	int rc = d->has_entry ? attach_prog(d, d->entry_fd, false, tgid) : 0;
	return rc ?: attach_prog(d, d->prog_fd, ret, tgid);
}

void dynprobe_close(struct dynprobe *d)
{
	attach_destroy(&d->set);
	if (d->prog_fd >= 0)
		close(d->prog_fd);
	if (d->entry_fd >= 0)
		close(d->entry_fd);
	d->prog_fd = d->entry_fd = -1;
	tg_program_free(&d->prog);
	tg_program_free(&d->entry);
	for (int k = 1; k < d->nsites; k++) {
		tg_program_free(&d->more_progs[k - 1]);
		if (d->more_fds[k - 1] >= 0)
			close(d->more_fds[k - 1]);
	}
	free(d->more_progs);
	free(d->more_fds);
	free(d->sites);
	attach_points_free(d->pts, d->npts);
	d->pts = NULL;
	d->npts = 0;
	d->more_progs = NULL;
	d->more_fds = NULL;
	d->sites = NULL;
	d->nsites = 0;
	tracespec_free(&d->spec);
}
