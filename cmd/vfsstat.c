/* vfsstat: VFS call rates per interval, as BCC's vfsstat. */
#include "core/tool.h"
#include "probes/vfsstat.skel.h"

#include <ctype.h>

#define VFS_SPEC(fn) PROBE_FENTRY(#fn, #fn, #fn)

static const struct probe_spec probes[] = {
	VFS_SPEC(vfs_read),   VFS_SPEC(vfs_write),  VFS_SPEC(vfs_fsync_range), VFS_SPEC(vfs_open),
	VFS_SPEC(vfs_create), VFS_SPEC(vfs_unlink), VFS_SPEC(vfs_mkdir),       VFS_SPEC(vfs_rmdir),
};

static const char *const columns[] = { "READ", "WRITE", "FSYNC", "OPEN", "CREATE", "UNLINK", "MKDIR", "RMDIR" };
#define NSTATS (sizeof(columns) / sizeof(columns[0]))

static void header(void)
{
	FILE *out = record_header_out();
	fprintf(out, "%-8s  ", "TIME");
	for (size_t i = 0; i < NSTATS; i++) {
		char col[16];
		snprintf(col, sizeof(col), "%s/s", columns[i]);
		fprintf(out, " %8s", col);
	}
	fprintf(out, "\n");
	fflush(out);
}

static __u64 prev[NSTATS];

static int summary(struct tracer *t, bool last)
{
	struct vfsstat_bpf *skel = t->skel;
	char hms[16];
	rec_str("time", "%-8s: ", output_hms(hms));
	for (size_t i = 0; i < NSTATS; i++) {
		__u64 now = __atomic_load_n(&skel->bss->stats[i], __ATOMIC_RELAXED);
		char key[32]; /* "READ/s" -> "read_per_s" */
		size_t k = 0;
		for (const char *c = columns[i]; *c && k + 7 < sizeof(key); c++)
			key[k++] = (char)tolower((unsigned char)*c);
		snprintf(key + k, sizeof(key) - k, "_per_s");
		rec_u64(key, " %8llu", (now - prev[i]) * 1000 / tool_args.interval_ms);
		prev[i] = now;
	}
	rec_end();
	return 0;
}

DECLARE_TOOL(vfsstat, .category = "files",
	     .summary = "Count VFS calls (read, write, fsync, open, create, unlink, mkdir, rmdir) per second",
	     .shape = TOOL_INTERVAL, .interval_ms = 1000, .takes = TOOL_PID | TOOL_JSON | TOOL_INTERVAL_COUNT,
	     .help.pid = "Count this process only (a bpfkit addition)", TOOL_PROBES(probes), .header = header,
	     .interval = summary,
	     .examples = "  vfsstat          # a line every second\n"
			 "  vfsstat 5 10     # 5 second summaries, 10 times\n"
			 "  vfsstat -p 185   # only process 185");
