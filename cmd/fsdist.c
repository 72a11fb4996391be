/* fsdist: a file system's read, write, open and fsync latency as
 * histograms, the file system named by -t, as libbpf-tools' fsdist
 * (cmd/fstool.c). */
#include "cmd/fstool.h"

DECLARE_FS_TOOL(fsdist, NULL, true, .shape = TOOL_INTERVAL,
		.takes = TOOL_PID | TOOL_JSON | TOOL_INTERVAL_COUNT | TOOL_TIMESTAMP | TOOL_MILLIS,
		.help.pid = "Process ID to trace", .help.json = "Print histograms as JSON, one object per line (a bpfkit addition)",
		.hist = { "hists", (const char *const[]){ "operation" }, fstool_label }, .bound = fstool_dist_options, .summary = "Summarize file system operations latency",
		.examples = "  fsdist -t ext4             # show ext4 operations latency as a histogram\n"
			    "  fsdist -t nfs -p 1216      # trace nfs operations with PID 1216 only\n"
			    "  fsdist -t xfs 1 10         # print 1 second summaries, 10 times\n"
			    "  fsdist -t btrfs -m 5       # trace btrfs operation, 5s summaries, milliseconds");
