#include "cmd/stacktool_pprof.h"

#include "core/outfile.h"
#include "core/output.h"
#include "core/tool.h"
#include "core/stacks/pprof.h"
#include "core/stacks/pprof_stacks.h"
#include "core/stacks/stacks.h"
#include "core/stacks/wakeups.h"

#include <bpf/libbpf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Kernel, user and the markers, for the two stacks of a wakeup. */
#define MAX_LOCS (4 * STACKS_MAX_DEPTH + 8)

static int fd = -1;
static const char *path;
static struct pprof *prof;
static struct stacktool_pprof_kind kind;
static struct timespec started;

bool stacktool_pprof_on(void)
{
	return fd >= 0;
}

int stacktool_pprof_open(const char *file)
{
	if (fd >= 0)
		return 0;
	/* --flamegraph is refused by its option group, before its file is
	 * opened. */
	if (output_mode != OUTPUT_TEXT) {
		log_err("--pprof writes a profile instead of printing stacks: not with %s",
			output_mode == OUTPUT_JSON ? "-j" : "-f");
		return -EINVAL;
	}
	path = file;
	fd = outfile_open(path, "pprof profile");
	return fd < 0 ? fd : 0;
}

static int64_t wall_nanos(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int stacktool_pprof_begin(const struct stacktool_pprof_kind *k)
{
	if (fd < 0)
		return 0;
	kind = *k;
	struct pprof_opts o = { .time_nanos = wall_nanos() };
	if (k->period_ns) {
		o.types[0] = (struct pprof_type){ "samples", "count" };
		o.types[1] = (struct pprof_type){ "cpu", "nanoseconds" };
		o.ntypes = 2;
		o.default_type = 1;
		o.period_type = o.types[1];
		o.period = (int64_t)k->period_ns;
	} else {
		o.types[0] = (struct pprof_type){ k->type, k->unit };
		o.ntypes = 1;
		/* Every event counted, none sampled. */
		o.period_type = o.types[0];
		o.period = 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &started);
	prof = pprof_new(&o);
	if (!prof)
		log_err("cannot make the pprof profile: %s", strerror(ENOMEM));
	return prof ? 0 : -ENOMEM;
}

/* An id of -EFAULT is an empty stack (kernel threads have no user stack);
 * other errors (a full map) a lost one, marked as the text marks it. */
static bool missed(int64_t id)
{
	return id < 0 && id != -EFAULT;
}

static int one_stack(struct symbols *syms, const struct stack_record *r, bool kernel, uint64_t *locs, int n)
{
	int64_t id = kernel ? r->kstack_id : r->ustack_id;
	if (missed(id))
		return pprof_stack_marker(prof, kernel ? "[Missed Kernel Stack]" : "[Missed User Stack]", locs, n,
					  MAX_LOCS);
	return pprof_stack(prof, syms, kernel ? r->kips : r->uips, kernel ? r->nk : r->nu, kernel,
			   kernel ? 0 : (int)r->pid, false, locs, n, MAX_LOCS);
}

/* Leaf first: the kernel's frames, then the user frames below them, the
 * folded line's order reversed; comm and pid as labels, not frames. */
static int add_record(struct symbols *syms, const struct stack_record *r)
{
	uint64_t locs[MAX_LOCS];
	int n = 0;
	if (!tool_stack_args.user_only)
		n = one_stack(syms, r, true, locs, n);
	if (n >= 0 && !tool_stack_args.kernel_only)
		n = one_stack(syms, r, false, locs, n);
	if (n < 0)
		return n;
	int64_t values[2] = { (int64_t)r->count, (int64_t)(r->count * kind.period_ns) };
	struct pprof_label labels[2] = { { .key = "comm", .str = r->comm }, { .key = "pid", .num = r->tgid } };
	return pprof_sample(prof, locs, n, values, labels, r->tgid == 0xffffffff ? 1 : 2);
}

static int collect_stacks(struct symbols *syms, int counts, int traces)
{
	struct stack_record *recs;
	int n = stacks_read(counts, traces, true, &recs), err = n < 0 ? n : 0;
	for (int i = 0; !err && i < n; i++)
		err = add_record(syms, &recs[i]);
	if (n >= 0)
		free(recs);
	return err;
}

/* As the folded line, reversed.  wakeuptime: the waker's kernel stack,
 * leaf first.  offwaketime: the waker's stacks upside down above "--",
 * then the blocked task's, leaf first. */
static int add_wakeup(struct symbols *syms, const struct wakeup_record *r)
{
	uint64_t locs[MAX_LOCS];
	bool user = !tool_stack_args.kernel_only, kernel = !tool_stack_args.user_only;
	int n = 0;
	if (kind.waker_kernel_only) {
		n = pprof_stack(prof, syms, r->w.kips, r->w.nk, true, 0, false, locs, n, MAX_LOCS);
	} else {
		if (user)
			n = pprof_stack(prof, syms, r->w.uips, r->w.nu, false, (int)r->w.pid, true, locs, n, MAX_LOCS);
		if (n >= 0 && kernel)
			n = pprof_stack(prof, syms, r->w.kips, r->w.nk, true, 0, true, locs, n, MAX_LOCS);
		if (n >= 0)
			n = pprof_stack_marker(prof, "--", locs, n, MAX_LOCS);
		if (n >= 0 && kernel)
			n = pprof_stack(prof, syms, r->t.kips, r->t.nk, true, 0, false, locs, n, MAX_LOCS);
		if (n >= 0 && user)
			n = pprof_stack(prof, syms, r->t.uips, r->t.nu, false, (int)r->t.pid, false, locs, n, MAX_LOCS);
	}
	if (n < 0)
		return n;
	int64_t us = (int64_t)r->us;
	struct pprof_label labels[] = { { .key = "comm", .str = r->target },
					{ .key = "waker", .str = r->waker },
					{ .key = "waker_pid", .num = r->w_tgid },
					{ .key = "pid", .num = r->tgid } };
	/* wakeuptime's targets are keyed by name only. */
	return pprof_sample(prof, locs, n, &us, labels, kind.waker_kernel_only ? 3 : 4);
}

static int collect_wakeups(struct symbols *syms, int counts, int traces)
{
	struct wakeup_record *recs;
	int n = wakeups_read(counts, traces, &recs), err = n < 0 ? n : 0;
	for (int i = 0; !err && i < n; i++)
		err = add_wakeup(syms, &recs[i]);
	if (n >= 0)
		free(recs);
	return err;
}

int stacktool_pprof_collect(struct tracer *t, struct symbols *syms)
{
	int traces = bpf_object__find_map_fd_by_name(t->obj, "stack_traces");
	int stacks = bpf_object__find_map_fd_by_name(t->obj, "stack_counts");
	int wakeups = bpf_object__find_map_fd_by_name(t->obj, "counts");
	int err = traces < 0 ? traces
		  : stacks >= 0 ? collect_stacks(syms, stacks, traces)
		  : wakeups >= 0 ? collect_wakeups(syms, wakeups, traces)
				 : -ENOENT;
	if (err)
		log_err("cannot make the pprof profile: %s", strerror(-err));
	return err;
}

int stacktool_pprof_finish(void)
{
	if (fd < 0)
		return 0;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	int64_t ns = (int64_t)(now.tv_sec - started.tv_sec) * 1000000000 + (now.tv_nsec - started.tv_nsec);
	int err = prof ? outfile_rewind(fd) : 0;
	err = err ?: prof ? pprof_write(prof, fd, ns) : 0;
	if (close(fd) && !err)
		err = -errno;
	if (err)
		log_err("cannot write pprof profile %s: %s", path, strerror(-err));
	fd = -1;
	pprof_free(prof);
	prof = NULL;
	return err;
}
