/* kvmexit: VM exits per reason, for every vCPU thread, one process, its
 * threads or a vCPU, as BCC's kvmexit. */
#include "core/args.h"
#include "core/features.h"
#include "core/histmap.h"
#include "core/log.h"
#include "core/tool.h"
#include "cmd/kvmreasons.h"
#include "probes/kvmexit.skel.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "probes/kvmexit.h"

static const struct probe_spec probes[] = { { "kvm_exit", { { PM_TRACEPOINT, "exit_tp", "kvm:kvm_exit" } } } };

#define MAX_TIDS 64
static struct {
	bool all_tids, has_vcpu;
	unsigned long vcpu;
	pid_t tids[MAX_TIDS];
	int ntids;
	const char *tids_arg;
} o;

enum { OPT_TIDS = 'T', OPT_VCPU = 'v', OPT_ALL = 'a' };

static const struct argp_option own[] = {
	{ "tids", OPT_TIDS, "TIDS", 0, "trace a comma separated series of tids with no space in between", 0 },
	{ "vcpu", OPT_VCPU, "VCPU", 0, "trace this vcpu only (with -p)", 0 },
	{ "alltids", OPT_ALL, NULL, 0, "trace all tids for this pid (with -p)", 0 },
	{ 0 },
};

static int parse_tids(char *arg)
{
	o.tids_arg = arg;
	for (char *save = NULL, *s = strtok_r(arg, ",", &save); s; s = strtok_r(NULL, ",", &save)) {
		unsigned long v;
		if (o.ntids == MAX_TIDS)
			return args_refuse(true, "-T: at most %d thread IDs", MAX_TIDS);
		int err = args_ulong(s, "thread ID", 1, 0x7fffffff, &v);
		if (err)
			return -err;
		o.tids[o.ntids++] = (pid_t)v;
	}
	return args_refuse(!o.ntids, "-T: no thread ID given");
}

static error_t parse(int key, char *arg, struct argp_state *state)
{
	(void)state;
	switch (key) {
	case OPT_TIDS: return parse_tids(arg);
	case OPT_VCPU: o.has_vcpu = true; return -args_ulong(arg, "vcpu", 0, 4095, &o.vcpu);
	case OPT_ALL: o.all_tids = true; return 0;
	case ARGP_KEY_END: {
		/* BCC's one group: -t, -T, -v, -a exclude each other. */
		int given = !!tool_args.tid + !!o.ntids + o.has_vcpu + o.all_tids;
		return args_refuse(given > 1, "-t, -T, -v and -a cannot be given together") ?:
		       args_refuse((o.has_vcpu || o.all_tids) && !tool_args.pid, "-%c needs -p PID", o.has_vcpu ? 'v' : 'a');
	}
	}
	return ARGP_ERR_UNKNOWN;
}

/* The vCPU's thread: QEMU names it "CPU N/KVM". */
static int vcpu_thread(pid_t pid, unsigned long vcpu, pid_t *tid)
{
	char path[64], comm[32], want[24];
	snprintf(path, sizeof(path), "/proc/%d/task", pid);
	snprintf(want, sizeof(want), "CPU %lu/", vcpu);
	DIR *d = opendir(path);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/proc/%d/task/%.16s/comm", pid, e->d_name);
		FILE *f = fopen(path, "r");
		bool hit = f && fgets(comm, sizeof(comm), f) && !strncmp(comm, want, strlen(want));
		if (f)
			fclose(f);
		if (hit) {
			*tid = atoi(e->d_name);
			closedir(d);
			return 0;
		}
	}
	if (d)
		closedir(d);
	log_err("there's no vCPU %lu for PID %d (no thread named '%s...')", vcpu, pid, want);
	return -ENOENT;
}

static int configure(struct tracer *t)
{
	struct kvmexit_bpf *s = t->skel;
	const char *tfs = tracefs_path();
	char path[256];
	struct stat st;
	/* BCC asks for the module; the trace events are where it shows. */
	snprintf(path, sizeof(path), "%s/events/kvm/kvm_exit", tfs ? tfs : "/sys/kernel/tracing");
	if (stat(path, &st)) {
		log_err("KVM is absent: no kvm:kvm_exit trace event (load the kvm_intel or kvm_amd module)");
		return -ENOENT;
	}
	if (o.has_vcpu) {
		pid_t tid;
		int err = vcpu_thread(tool_args.pid, o.vcpu, &tid);
		if (err)
			return err;
		s->rodata->targ_tid = tid;
		tool_args.tid = tid;
	}
	return 0;
}

static void header(void)
{
	char what[128];
	if (o.has_vcpu)
		snprintf(what, sizeof(what), "PID %d VCPU %lu", tool_args.pid, o.vcpu);
	else if (tool_args.tid)
		snprintf(what, sizeof(what), "TID %d", tool_args.tid);
	else if (o.ntids) {
		int n = snprintf(what, sizeof(what), "TIDS [");
		for (int i = 0; i < o.ntids && n < (int)sizeof(what); i++)
			n += snprintf(what + n, sizeof(what) - n, "%s'%d'", i ? ", " : "", o.tids[i]);
		snprintf(what + n, n < (int)sizeof(what) ? sizeof(what) - n : 0, "]");
	} else if (o.all_tids)
		snprintf(what, sizeof(what), "PID %d and its all threads", tool_args.pid);
	else if (tool_args.pid)
		snprintf(what, sizeof(what), "PID %d", tool_args.pid);
	else
		snprintf(what, sizeof(what), "all threads");
	if (tool_args.duration_ms)
		record_status("Display kvm exit reasons and statistics for %s after sleeping %lu secs.", what,
			      tool_args.duration_ms / 1000);
	else
		record_status("Display kvm exit reasons and statistics for %s... Hit Ctrl-C to end.", what);
}

struct row {
	struct kvmexit_key k;
	__u64 count;
};

static uint64_t count_of(const void *r)
{
	return ((const struct row *)r)->count;
}

static int by_thread(const void *a, const void *b)
{
	const struct kvmexit_key *x = &((const struct row *)a)->k, *y = &((const struct row *)b)->k;
	if (x->pid != y->pid)
		return x->pid < y->pid ? -1 : 1;
	if (x->tid != y->tid)
		return x->tid < y->tid ? -1 : 1;
	return x->reason < y->reason ? -1 : x->reason > y->reason;
}

static void put_reason(const struct kvmexit_key *k)
{
	const char *name = kvm_exit_reason(k->isa, k->reason);
	char num[16];
	snprintf(num, sizeof(num), "%u", k->reason);
	rec_str("kvm_exit_reason", "%-35s ", name ? name : num);
}

static bool listed(pid_t tid)
{
	for (int i = 0; i < o.ntids; i++)
		if (o.tids[i] == tid)
			return true;
	return false;
}

/* One table at the end.  Per reason, busiest first, for one process (its
 * threads summed) or one thread; per thread and reason otherwise. */
static int report(struct tracer *t, bool last)
{
	struct kvmexit_bpf *s = t->skel;
	struct row *rows;
	(void)last;
	int n = HISTMAP_TAKE(bpf_map__fd(s->maps.counts), &rows, k, count);
	if (n < 0)
		return n;
	bool collapse = tool_args.pid && !o.all_tids && !tool_args.tid;
	bool single = collapse || tool_args.tid;
	if (collapse) { /* one row per reason: the threads' counts summed */
		int m = 0;
		qsort(rows, n, sizeof(*rows), by_thread);
		for (int i = 0; i < n; i++) {
			int j = 0;
			while (j < m && !(rows[j].k.reason == rows[i].k.reason && rows[j].k.isa == rows[i].k.isa))
				j++;
			if (j == m)
				rows[m++] = rows[i];
			else
				rows[j].count += rows[i].count;
		}
		n = m;
	}
	if (single)
		histmap_sort_largest(rows, n, sizeof(*rows), count_of);
	else
		qsort(rows, n, sizeof(*rows), by_thread);
	const char *cols = single ? "" : o.ntids ? "TIDS     " : o.all_tids ? "TID      " : "PID      TID      ";
	fprintf(record_header_out(), "%s%-35s %s\n", cols, "KVM_EXIT_REASON", "COUNT");
	for (int i = 0; i < n; i++) {
		const struct kvmexit_key *k = &rows[i].k;
		if (o.ntids && !listed(k->tid))
			continue;
		if (!single && !o.ntids && !o.all_tids)
			rec_u64("pid", "%-8llu ", k->pid);
		if (!single)
			rec_u64("tid", "%-8llu ", k->tid);
		put_reason(k);
		rec_u64("count", "%-8llu", rows[i].count);
		rec_end();
	}
	fflush(stdout);
	free(rows);
	return 0;
}

DECLARE_TOOL(kvmexit, .category = "kernel", .summary = "Display kvm_exit_reason and its statistics at a timed interval",
	     .shape = TOOL_INTERVAL, .takes = TOOL_PID | TOOL_TID | TOOL_JSON | TOOL_DURATION_ARG,
	     .help = { .pid = "trace this PID only", .tid = "trace this TID only",
		       .json = "One JSON object per row (a bpfkit addition)" },
	     .options = own, .parse = parse, .args_doc = "[duration]", TOOL_PROBES(probes), .configure = configure,
	     .header = header, .interval = report,
	     .examples = "  kvmexit                # exit reasons per vCPU thread until Ctrl-C\n"
			 "  kvmexit 5              # for 5 seconds\n"
			 "  kvmexit -p 3195281     # one process's threads summed, busiest reason first\n"
			 "  kvmexit -p 3195281 -v 0  # its vCPU 0 only\n"
			 "  kvmexit -p 3195281 -a  # each of its threads\n"
			 "  kvmexit -t 395490      # one thread\n"
			 "  kvmexit -T '395490,395491'  # these threads");
