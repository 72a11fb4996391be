/* The per-file-system latency family (cmd/fstool.h): which functions each
 * file system's operations are, the options, the probes built for the file
 * system asked for, and BCC's and libbpf-tools' output. */
#include "cmd/fstool.h"

#include "core/args.h"
#include "core/log.h"
#include "probes/fslat.skel.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

/* Each file system's read_iter, write_iter, open and fsync, as BCC's tools
 * and libbpf-tools' fsslower trace them; the name BCC's text gives it. */
static const struct fs_kind {
	const char *name, *title;
	const char *fn[FS_OPS];
} kinds[] = {
	{ "btrfs", "btrfs", { "btrfs_file_read_iter", "btrfs_file_write_iter", "btrfs_file_open", "btrfs_sync_file" } },
	{ "ext4", "ext4", { "ext4_file_read_iter", "ext4_file_write_iter", "ext4_file_open", "ext4_sync_file" } },
	{ "f2fs", "f2fs", { "f2fs_file_read_iter", "f2fs_file_write_iter", "f2fs_file_open", "f2fs_sync_file" } },
	{ "nfs", "NFS", { "nfs_file_read", "nfs_file_write", "nfs_file_open", "nfs_file_fsync" } },
	{ "xfs", "XFS", { "xfs_file_read_iter", "xfs_file_write_iter", "xfs_file_open", "xfs_file_fsync" } },
	{ "zfs", "ZFS", { "zpl_iter_read", "zpl_iter_write", "zpl_open", "zpl_fsync" } },
};
static const char *const op_names[FS_OPS] = { "read", "write", "open", "fsync" };

static struct {
	const char *type; /* -t */
	unsigned long min_ms;
	bool csv, json;
	const struct fs_kind *fs;
	const struct fstool_decl *decl;
} o = { .min_ms = 10 };

const struct tool_option fstool_bcc_slower_options[] = {
	OPT_FLAG('j', "csv", &o.csv, "just print fields: comma-separated values"),
	OPT_FLAG(0x100, "json", &o.json, "One JSON object per operation (a bpfkit addition; -j is BCC's CSV)"),
	{ { 0 } },
};
#define TYPE_OPTION OPT_STRING('t', "type", "FS", &o.type, "Which filesystem this tool traces: btrfs, ext4, f2fs, nfs, xfs, zfs")
const struct tool_option fstool_slower_options[] = {
	OPT_FLAG('c', "csv", &o.csv, "Output as csv"),
	OPT_ULONG('m', "min", "MIN", &o.min_ms, 0, 0xffffffffUL, "Min latency to trace, in ms (default 10)"),
	TYPE_OPTION,
	{ { 0 } },
};
const struct tool_option fstool_dist_options[] = { TYPE_OPTION, { { 0 } } };

/* The file system asked for, by the tool's name or -t. */
static int resolve(void)
{
	const char *name = o.decl->fs ?: o.type;
	if (!name) {
		log_err("a file system type is needed: -t btrfs, ext4, f2fs, nfs, xfs or zfs");
		return -EINVAL;
	}
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (!strcmp(kinds[i].name, name))
			o.fs = &kinds[i];
	if (!o.fs) {
		log_err("unknown file system type '%s': btrfs, ext4, f2fs, nfs, xfs or zfs", name);
		return -EINVAL;
	}
	if (o.csv && (o.json || output_mode == OUTPUT_JSON)) {
		log_err("CSV and JSON are two output formats: choose one");
		return -EINVAL;
	}
	if (o.json)
		output_mode = OUTPUT_JSON;
	return 0;
}

error_t fstool_parse(int key, char *arg, struct argp_state *state)
{
	o.decl = tool_current->family_data;
	/* BCC's slower tools take the threshold as their argument. */
	if (key == ARGP_KEY_ARG && o.decl->fs && !o.decl->dist && !state->arg_num)
		return -args_ulong(arg, "min_ms", 0, 0xffffffffUL, &o.min_ms);
	if (key == ARGP_KEY_END)
		return -resolve();
	return ARGP_ERR_UNKNOWN;
}

/* Whether the running kernel has the file system (built in, or its module
 * loaded): /proc/filesystems lists each, "nodev" first for those without a
 * device. */
static bool kernel_has(const char *fs)
{
	FILE *f = fopen("/proc/filesystems", "r");
	char line[128], name[64];
	bool found = false;
	while (f && !found && fgets(line, sizeof(line), f))
		found = sscanf(line, "%*s %63s", name) == 1 ? !strcmp(name, fs) : sscanf(line, "%63s", name) == 1 && !strcmp(name, fs);
	if (f)
		fclose(f);
	return found;
}

/* fentry needs the function in BTF: a file system built as a module
 * (xfs, btrfs) has its own only where the kernel makes module BTF (5.11+);
 * without it, kprobes, decided before anything loads. */
static bool module_without_btf(const char *fs)
{
	char mod[64], btf[64];
	struct stat st;
	/* A loaded module's directory has its initstate; a built-in file
	 * system with parameters has /sys/module/NAME too (ext4 on 6.18). */
	snprintf(mod, sizeof(mod), "/sys/module/%s/initstate", fs);
	snprintf(btf, sizeof(btf), "/sys/kernel/btf/%s", fs);
	return !stat(mod, &st) && stat("/sys/kernel/btf/vmlinux", &st) == 0 && stat(btf, &st);
}

static struct probe_spec specs[2 * FS_OPS];
static char spec_names[2 * FS_OPS][64];
static char progs[2 * FS_OPS][2][32];

static void spec(int i, const char *fn, const char *what, enum probe_mech best, enum probe_mech fallback, const char *suffix)
{
	static const char *const mech_suffix[] = { [PM_FENTRY] = "fentry", [PM_KPROBE] = "kprobe",
						   [PM_FEXIT] = "fexit", [PM_KRETPROBE] = "kretprobe" };
	snprintf(spec_names[i], sizeof(spec_names[i]), "%s %s", fn, what);
	snprintf(progs[i][0], sizeof(progs[i][0]), "%s_%s_%s", op_names[i / 2], suffix, mech_suffix[best]);
	snprintf(progs[i][1], sizeof(progs[i][1]), "%s_%s_%s", op_names[i / 2], suffix, mech_suffix[fallback]);
	specs[i] = (struct probe_spec){ spec_names[i], { { best, progs[i][0], fn }, { fallback, progs[i][1], fn } } };
	if (module_without_btf(o.fs->name))
		specs[i].alt[0] = specs[i].alt[1], specs[i].alt[1] = (struct probe_alt){ PM_NONE };
}

int fstool_configure(const struct tool *tool, struct tracer *t)
{
	(void)tool;
	struct fslat_bpf *skel = t->skel;
	if (!kernel_has(o.fs->name)) {
		log_err("this kernel has no %s file system (not in /proc/filesystems): is its module loaded? (modprobe %s)",
			o.fs->name, o.fs->name);
		return -ENOENT;
	}
	for (int op = 0; op < FS_OPS; op++) {
		spec(2 * op, o.fs->fn[op], "entry", PM_FENTRY, PM_KPROBE, "entry");
		spec(2 * op + 1, o.fs->fn[op], "return", PM_FEXIT, PM_KRETPROBE, "exit");
	}
	t->specs = specs, t->nspecs = 2 * FS_OPS;
	skel->rodata->dist = o.decl->dist;
	skel->rodata->millis = tool_args.millis;
	skel->rodata->min_us = o.min_ms * 1000;
	return 0;
}

int fstool_open(struct tracer *t)
{
	struct fslat_bpf *s = TRACER_OPEN(fslat);
	if (!s)
		return -1;
	t->skeleton = s->skeleton, t->obj = s->obj, t->skel = s;
	return 0;
}

/* BCC's columns; libbpf-tools' fsslower has a wider COMM and PID. */
#define FS_COLUMNS(comm_fmt, pid_fmt)                                                                  \
	{ COL_TIME("TIME", "%-8s "),                                                           \
	  COL(struct fs_event, comm, "COMM", comm_fmt),                                            \
	  COL(struct fs_event, pid, "PID", pid_fmt),                                               \
	  COL(struct fs_event, type, "T", "%1s "),                                             \
	  COL(struct fs_event, size, "BYTES", "%-7d "),                                        \
	  COL(struct fs_event, off_kb, "OFF_KB", "%-8u "),                                     \
	  COL(struct fs_event, delta_us, "LAT(ms)", "%7.2f ", .scale = 1000),                  \
	  COL(struct fs_event, file, "FILENAME", "%s"),                                        \
	  { 0 } }
static const struct record_column bcc_columns[] = FS_COLUMNS("%-14.14s ", "%-6u ");
static const struct record_column libbpf_columns[] = FS_COLUMNS("%-16s ", "%-7u ");

void fstool_header(void)
{
	const char *title = o.decl->fs ? o.fs->title : o.fs->name;
	if (o.decl->dist) {
		record_status("Tracing %s operation latency... Hit Ctrl-C to end.", title);
		return;
	}
	if (o.csv) {
		printf("ENDTIME_%s,TASK,PID,TYPE,BYTES,OFFSET_b,LATENCY_us,FILE\n", o.decl->fs ? "us" : "ns");
		fflush(stdout);
		return;
	}
	char lat[48] = "";
	if (o.min_ms)
		snprintf(lat, sizeof(lat), " slower than %lu ms", o.min_ms);
	if (o.decl->fs)
		record_status("Tracing %s operations%s", title, lat);
	else if (tool_args.duration_ms)
		record_status("Tracing %s operations%s for %lu secs.", title, lat, tool_args.duration_ms / 1000);
	else
		record_status("Tracing %s operations%s... Hit Ctrl-C to end.", title, lat);
	record_header(o.decl->fs ? bcc_columns : libbpf_columns);
}

int fstool_event(const void *data, size_t size)
{
	const struct fs_event *e = data;
	if (o.csv) {
		printf("%llu,%.16s,%u,%c,%lld,%llu,%llu,%.*s\n",
		       (unsigned long long)(o.decl->fs ? e->end_ns / 1000 : e->end_ns), e->comm, e->pid, e->type[0],
		       (long long)e->size, (unsigned long long)e->offset, (unsigned long long)e->delta_us,
		       (int)sizeof(e->file), e->file);
		fflush(stdout); /* a line as it happens, as the text rows */
		return 0;
	}
	record_row(o.decl->fs ? bcc_columns : libbpf_columns, e, size);
	return 0;
}

/* BCC's sections read "operation = read", libbpf-tools' "operation = 'read'". */
void fstool_label(uint32_t key, const char comm[16], char *buf, size_t len)
{
	(void)comm;
	const char *op = key < FS_OPS ? op_names[key] : "?";
	snprintf(buf, len, o.decl->fs || output_mode == OUTPUT_JSON ? "%s" : "'%s'", op);
}
