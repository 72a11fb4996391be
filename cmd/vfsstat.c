/* vfsstat: VFS call rates per interval, as BCC's vfsstat. */
#include "core/rates.h"
#include "core/tool.h"
#include "probes/vfsstat.skel.h"

#define VFS_SPEC(fn) PROBE_FENTRY(#fn, #fn, #fn)

static const struct probe_spec probes[] = {
	VFS_SPEC(vfs_read),   VFS_SPEC(vfs_write),  VFS_SPEC(vfs_fsync_range), VFS_SPEC(vfs_open),
	VFS_SPEC(vfs_create), VFS_SPEC(vfs_unlink), VFS_SPEC(vfs_mkdir),       VFS_SPEC(vfs_rmdir),
};

static const unsigned long long *counters(struct tracer *t)
{
	return ((struct vfsstat_bpf *)t->skel)->bss->stats;
}

static const struct rate_table rates = {
	(const char *const[]){ "READ", "WRITE", "FSYNC", "OPEN", "CREATE", "UNLINK", "MKDIR", "RMDIR" }, 8,
	(unsigned long long[8]){ 0 }, counters
};

DECLARE_TOOL(vfsstat, .category = "files",
	     .summary = "Count VFS calls (read, write, fsync, open, create, unlink, mkdir, rmdir) per second",
	     .shape = TOOL_INTERVAL, .interval_ms = 1000, .takes = TOOL_PID | TOOL_JSON | TOOL_INTERVAL_COUNT,
	     .help.pid = "Count this process only (a bpfkit addition)", TOOL_PROBES(probes), TOOL_RATES(rates),
	     TOOL_METRICS({ "count", "calls_total", "VFS calls, by operation (op)" }),
	     .examples = "  vfsstat          # a line every second\n"
			 "  vfsstat 5 10     # 5 second summaries, 10 times\n"
			 "  vfsstat -p 185   # only process 185");
