#include "core/compiler/dynprobe.h"

#include "core/disasm.h"
#include "core/log.h"
#include "core/pattern.h"
#include "core/privilege.h"
#include "core/tracer.h"

#include <bpf/bpf.h>
#include <errno.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
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

static int load_one(struct dynprobe *d, struct tg_program *p, const char *what)
{
	/* --ebpf prints the program and stops; -v shows it on stderr and goes on,
	 * as BCC's -v shows its generated C. */
	if (tracer_print_ebpf || log_verbose) {
		FILE *out = tracer_print_ebpf ? stdout : stderr;
		fprintf(out, "%s%s:\n", d->display, what);
		disasm_print(out, p->g.insn, p->g.n);
	}
	int fd = bpf_prog_load(p->prog_type, "bpfkit_dyn", "GPL", p->g.insn, p->g.n, NULL);
	if (fd >= 0) {
		log_loaded(d, fd, what);
		return fd;
	}
	/* Refused: again with the verifier's log, whose last word says why
	 * (a log too small for the whole walk would fail on its own). */
	int e = errno;
	size_t size = 4 << 20;
	char *log = calloc(1, size);
	LIBBPF_OPTS(bpf_prog_load_opts, lo, .log_buf = log, .log_size = (uint32_t)size, .log_level = 1);
	if (log && (fd = bpf_prog_load(p->prog_type, "bpfkit_dyn", "GPL", p->g.insn, p->g.n, &lo)) >= 0) {
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

static int pmu_type(const char *pmu)
{
	char path[128];
	snprintf(path, sizeof(path), "/sys/bus/event_source/devices/%s/type", pmu);
	FILE *f = fopen(path, "r");
	int t = -1;
	if (f && fscanf(f, "%d", &t) != 1)
		t = -1;
	if (f)
		fclose(f);
	return t;
}

/* The bit that turns a kprobe/uprobe PMU event into a return probe. */
static int retprobe_bit(const char *pmu)
{
	char path[128];
	snprintf(path, sizeof(path), "/sys/bus/event_source/devices/%s/format/retprobe", pmu);
	FILE *f = fopen(path, "r");
	int bit = 0;
	if (f && fscanf(f, "config:%d", &bit) != 1)
		bit = 0;
	if (f)
		fclose(f);
	return bit;
}

/* A tracepoint's, kprobe's or process-wide uprobe's BPF program runs
 * wherever the event fires, whatever CPU the perf event was opened on. */
static int open_perf(struct dynprobe *d, struct perf_event_attr *attr, int pid, int prog_fd)
{
	int fd = syscall(__NR_perf_event_open, attr, pid, pid == -1 ? 0 : -1, -1, PERF_FLAG_FD_CLOEXEC);
	if (fd < 0) {
		int e = errno;
		bool kernel = d->spec.kind == TS_KPROBE || d->spec.kind == TS_KRETPROBE;
		if (kernel && (e == ENOENT || e == EINVAL))
			log_err("cannot probe kernel function '%s': not in /proc/kallsyms, or not traceable (%s)",
				d->display, strerror(e));
		else
			log_err("cannot attach to %s: %s", d->display, strerror(e));
		return -e;
	}
	if (ioctl(fd, PERF_EVENT_IOC_SET_BPF, prog_fd) || ioctl(fd, PERF_EVENT_IOC_ENABLE, 0)) {
		int e = errno;
		log_err("cannot attach the program to %s: %s", d->display, strerror(e));
		close(fd);
		return -e;
	}
	if (d->nperf == DYNPROBE_MAX_LINKS) {
		close(fd);
		log_err("%s: more than %d places to attach", d->display, DYNPROBE_MAX_LINKS);
		return -E2BIG;
	}
	d->perf_fds[d->nperf++] = fd;
	return 0;
}

static int attach_prog(struct dynprobe *d, int prog_fd, bool ret, pid_t tgid)
{
	struct ts_probe *s = &d->spec;
	struct perf_event_attr attr = { .size = sizeof(attr), .sample_period = 1, .wakeup_events = 1 };
	if (s->kind == TS_TRACEPOINT) {
		attr.type = PERF_TYPE_TRACEPOINT;
		attr.config = d->tp.id;
		return open_perf(d, &attr, -1, prog_fd);
	}
	bool kernel = s->kind == TS_KPROBE || s->kind == TS_KRETPROBE;
	const char *pmu = kernel ? "kprobe" : "uprobe";
	attr.type = pmu_type(pmu);
	if ((int)attr.type < 0) {
		log_err("%s needs %ss: no %s PMU in /sys/bus/event_source/devices (kernel without CONFIG_%s)",
			d->display, pmu, pmu, kernel ? "KPROBES" : "UPROBE_EVENTS");
		return -EOPNOTSUPP;
	}
	if (ret)
		attr.config |= 1ULL << retprobe_bit(pmu);
	if (s->kind == TS_USDT) {
		int rc = 0;
		for (int k = 0; k < d->nsites && !rc; k++) {
			attr.config1 = (uint64_t)(uintptr_t)d->sites[k].path;
			attr.config2 = d->sites[k].offset;
			/* The kernel counts the semaphore up while attached:
			 * probes guarded by it start firing. */
			attr.config = d->sites[k].sema_offset << 32;
			rc = open_perf(d, &attr, tgid ? tgid : -1, k ? d->more_fds[k - 1] : prog_fd);
		}
		return rc;
	}
	/* A function: every place the location resolves to (a kernel
	 * function by the name it has in kallsyms, "foo.isra.0" for "foo"; a
	 * user function at each address its names have). */
	/* Once for both programs of an entry and a return. */
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
	int rc = 0;
	for (int i = 0; i < d->npts && !rc; i++) {
		attr.config1 = (uint64_t)(uintptr_t)(kernel ? d->pts[i].target : d->pts[i].path);
		attr.config2 = kernel ? s->offset : d->pts[i].offset;
		rc = open_perf(d, &attr, kernel ? -1 : tgid ? tgid : -1, prog_fd);
	}
	return rc;
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
	for (int k = 0; k < d->nperf; k++)
		close(d->perf_fds[k]);
	d->nperf = 0;
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
