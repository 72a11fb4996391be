/* What the per-file-system latency tools share (cmd/fstool.c): BCC's
 * ext4slower/ext4dist pairs for ext4, xfs, btrfs, nfs, f2fs and zfs, and
 * libbpf-tools' fsslower/fsdist, which take the file system as -t.  One
 * BPF object (probes/fslat.bpf.c) serves them all; a tool is its
 * declaration: which file system, which form, whose options. */
#ifndef BPFKIT_CMD_FSTOOL_H
#define BPFKIT_CMD_FSTOOL_H
#include "core/tool.h"

#include <linux/types.h>

#include "probes/fslat.h"

struct fstool_decl {
	const char *fs; /* NULL: -t names it (fsslower, fsdist) */
	bool dist;	/* histograms per operation, not events */
};

/* Options: BCC's slower tools ([min_ms] by fstool_parse, -j as BCC's CSV,
 * --json), libbpf-tools' fsslower (-t, -m MIN_MS, -c), the dist tools (-t
 * for fsdist only). */
extern const struct tool_option fstool_bcc_slower_options[], fstool_slower_options[], fstool_dist_options[];
error_t fstool_parse(int key, char *arg, struct argp_state *state);

int fstool_open(struct tracer *t);
int fstool_configure(const struct tool *tool, struct tracer *t);
void fstool_header(void);
int fstool_event(const void *data, size_t size);
void fstool_label(uint32_t key, const char comm[16], char *buf, size_t len);

/* DECLARE_FS_TOOL(ext4slower, "ext4", false, FS_BCC_SLOWER, .summary = ...): the
 * file system (NULL: -t), whether histograms, then the form and the rest. */
#define DECLARE_FS_TOOL(id, fs_, dist_, ...)                                                        \
	static int id##_main(int argc, char **argv)                                           \
	{                                                                                     \
		return tool_run(tool_find(#id), argc, argv);                                  \
	}                                                                                     \
	BPFKIT_TOOL(id, .name = #id, .main = id##_main, .open = fstool_open, .category = "files", \
		    .family_configure = fstool_configure, .family_data = &(const struct fstool_decl){ fs_, dist_ }, \
		    .header = fstool_header, .parse = fstool_parse, __VA_ARGS__)

/* The two forms, BCC's options. */
#define FS_BCC_SLOWER                                                                         \
	.shape = TOOL_EVENTS, .takes = TOOL_PID | TOOL_DURATION | TOOL_BUFFER, .help.pid = "trace this PID only", \
	.bound = fstool_bcc_slower_options, .args_doc = "[min_ms]",    \
	.event = fstool_event, .event_size = sizeof(struct fs_event)
#define FS_BCC_DIST                                                                           \
	.shape = TOOL_INTERVAL, .takes = TOOL_PID | TOOL_JSON | TOOL_INTERVAL_COUNT | TOOL_TIMESTAMP | TOOL_MILLIS, \
	.help.pid = "trace this PID only", .help.json = "Print histograms as JSON, one object per line (a bpfkit addition)", \
	.hist = { "hists", (const char *const[]){ "operation" }, fstool_label }

#endif
