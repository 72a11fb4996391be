/* filelife: trace the lifespan of short-lived files, as BCC's filelife. */
#include "core/args.h"
#include "core/events.h"
#include "core/log.h"
#include "core/loop.h"
#include "core/output.h"
#include "core/record.h"
#include "core/tool.h"
#include "core/tracer.h"
#include "probes/filelife.skel.h"

#include <linux/types.h>
#include <stdio.h>
#include <string.h>

#include "probes/filelife.h"

static const struct probe_spec probes[] = {
	{ "file creation",
	  { { PM_FENTRY, "fentry_create", "security_inode_create" },
	    { PM_KPROBE, "kprobe_create", "security_inode_create" } } },
	{ "vfs_unlink entry",
	  { { PM_FENTRY, "fentry_unlink", "vfs_unlink" }, { PM_KPROBE, "kprobe_unlink", "vfs_unlink" } } },
	{ "vfs_unlink return",
	  { { PM_FEXIT, "fexit_unlink", "vfs_unlink" }, { PM_KRETPROBE, "kretprobe_unlink", "vfs_unlink" } } },
};

static struct opts {
	pid_t pid;
	unsigned long duration_ms;
} o;

static const struct argp_option options[] = {
	{ "pid", 'p', "PID", 0, "Trace this PID only", 0 },
	{ "duration", 'd', "SECONDS", 0, "Trace for this many seconds (a bpfkit addition)", 0 },
	RECORD_JSON_OPTION,
	{ 0 },
};

static error_t parse(int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case 'j': record_json = true; return 0;
	case 'p': return -args_pid(arg, "PID", &o.pid);
	case 'd': return -args_seconds(arg, "duration", &o.duration_ms);
	case ARGP_KEY_ARG: log_err("unexpected argument '%s'", arg); return EINVAL;
	}
	return ARGP_ERR_UNKNOWN;
}

static const struct argp_child children[] = { ARGS_CHILD_COMMON, ARGS_CHILD_BUFFER, { 0 } };
static const struct argp argp = {
	options, parse, NULL,
	"Trace the lifespan of short-lived files.\v"
	"Examples:\n"
	"  filelife           # trace all file creates and deletes\n"
	"  filelife -p 181    # only trace PID 181",
	children,
};

static int on_event(void *ctx, const void *data, size_t size)
{
	const struct filelife_event *e = data;
	char hms[16], comm[17];
	if (size < sizeof(*e))
		return 0;
	memcpy(comm, e->comm, 16);
	comm[16] = 0;
	rec_str("time", "%-8s ", output_hms(hms));
	rec_u64("pid", "%-7llu ", e->tgid);
	rec_str("comm", "%-16s ", comm);
	rec_f64("age_s", "%-7.2f ", e->age_ns / 1e9);
	rec_strn("file", "%s", e->file, 64);
	rec_end();
	return 0;
}

static void header(void)
{
	FILE *out = record_header_out();
	fprintf(out, "%-8s %-7s %-16s %-7s %s\n", "TIME", "PID", "COMM", "AGE(s)", "FILE");
}

static int filelife_main(int argc, char **argv)
{
	if (args_parse(&argp, argc, argv, NULL))
		return 2;
	struct filelife_bpf *skel = TRACER_OPEN(filelife);
	if (!skel)
		return 1;
	skel->rodata->targ_tgid = o.pid;
	struct tracer tr = TRACER_INIT(skel, probes);
	return events_tool(&tr, on_event, header, o.duration_ms);
}

BPFKIT_TOOL(filelife, .name = "filelife", .category = "files", .summary = "Trace the lifespan of short-lived files",
	    .main = filelife_main);
