/* vfsstat: VFS call rates per interval, as BCC's vfsstat. */
#include "core/args.h"
#include "core/log.h"
#include "core/loop.h"
#include "core/output.h"
#include "core/record.h"
#include "core/tool.h"
#include "core/tracer.h"
#include "probes/vfsstat.skel.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#define VFS_SPEC(fn) \
	{ #fn, { { PM_FENTRY, "fentry_" #fn, #fn }, { PM_KPROBE, "kprobe_" #fn, #fn } } }

static const struct probe_spec probes[] = {
	VFS_SPEC(vfs_read),   VFS_SPEC(vfs_write),  VFS_SPEC(vfs_fsync_range), VFS_SPEC(vfs_open),
	VFS_SPEC(vfs_create), VFS_SPEC(vfs_unlink), VFS_SPEC(vfs_mkdir),       VFS_SPEC(vfs_rmdir),
};

static const char *const columns[] = { "READ", "WRITE", "FSYNC", "OPEN", "CREATE", "UNLINK", "MKDIR", "RMDIR" };
#define NSTATS (sizeof(columns) / sizeof(columns[0]))

static struct opts {
	unsigned long interval_ms, count;
	pid_t pid;
	int positional;
} o = { .interval_ms = 1000 };

static const struct argp_option options[] = {
	{ "pid", 'p', "PID", 0, "Count this process only (a bpfkit addition)", 0 },
	RECORD_JSON_OPTION,
	{ 0 },
};

static error_t parse(int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case 'j': output_mode = OUTPUT_JSON; return 0;
	case 'p': return -args_pid(arg, "PID", &o.pid);
	case ARGP_KEY_ARG:
		if (o.positional++ == 0)
			return -args_seconds(arg, "interval", &o.interval_ms);
		if (o.positional == 2)
			return -args_ulong(arg, "count", 1, ~0UL, &o.count);
		log_err("unexpected argument '%s'", arg);
		return EINVAL;
	}
	return ARGP_ERR_UNKNOWN;
}

static const struct argp_child children[] = ARGS_CHILDREN;
static const struct argp argp = {
	options, parse, "[interval [count]]",
	"Count VFS calls (read, write, fsync, open, create, unlink, mkdir, rmdir) per second.\v"
	"Examples:\n"
	"  vfsstat          # a line every second\n"
	"  vfsstat 5 10     # 5 second summaries, 10 times\n"
	"  vfsstat -p 185   # only process 185",
	children,
};

static __u64 prev[NSTATS];

static int summary(void *ctx, bool last)
{
	struct vfsstat_bpf *skel = ((struct tracer *)ctx)->skel;
	char hms[16];
	rec_str("time", "%-8s: ", output_hms(hms));
	for (size_t i = 0; i < NSTATS; i++) {
		__u64 now = __atomic_load_n(&skel->bss->stats[i], __ATOMIC_RELAXED);
		char key[32]; /* "READ/s" -> "read_per_s" */
		size_t k = 0;
		for (const char *c = columns[i]; *c && k + 7 < sizeof(key); c++)
			key[k++] = (char)tolower((unsigned char)*c);
		snprintf(key + k, sizeof(key) - k, "_per_s");
		rec_u64(key, " %8llu", (now - prev[i]) * 1000 / o.interval_ms);
		prev[i] = now;
	}
	rec_end();
	return 0;
}

static int vfsstat_main(int argc, char **argv)
{
	if (args_parse(&argp, argc, argv, NULL))
		return 2;
	struct vfsstat_bpf *skel = TRACER_OPEN(vfsstat);
	if (!skel)
		return 1;
	skel->rodata->targ_tgid = o.pid;
	struct tracer tr = TRACER_INIT(skel, probes);
	int err = tracer_start(&tr);
	if (!err) {
		FILE *out = record_header_out();
		fprintf(out, "%-8s  ", "TIME");
		for (size_t i = 0; i < NSTATS; i++) {
			char col[16];
			snprintf(col, sizeof(col), "%s/s", columns[i]);
			fprintf(out, " %8s", col);
		}
		fprintf(out, "\n");
		fflush(out);
		struct loop l = { .interval_ms = o.interval_ms, .count = o.count, .summary = summary, .ctx = &tr };
		err = loop_run(&l);
	}
	tracer_destroy(&tr);
	return err < 0 ? 1 : 0;
}

BPFKIT_TOOL(vfsstat, .name = "vfsstat", .category = "files", .summary = "Count VFS calls per second",
	    .main = vfsstat_main);
