/* fsslower: a file system's reads, writes, opens and fsyncs slower than a
 * threshold, the file system named by -t, as libbpf-tools' fsslower
 * (cmd/fstool.c). */
#include "cmd/fstool.h"

DECLARE_FS_TOOL(fsslower, NULL, false, .shape = TOOL_EVENTS, .takes = TOOL_PID | TOOL_EVENT_OPTIONS,
		.help.pid = "Process ID to trace", .bound = fstool_slower_options, .event = fstool_event,
		.event_size = sizeof(struct fs_event),
		.summary = "Trace file system operations slower than a threshold",
		.examples = "  fsslower -t ext4             # trace ext4 operations slower than 10 ms\n"
			    "  fsslower -t nfs -p 1216      # trace nfs operations with PID 1216 only\n"
			    "  fsslower -t xfs -c -d 1      # trace xfs operations for 1s with csv output\n"
			    "  fsslower -t btrfs -m 0       # trace all btrfs operations\n"
			    "  fsslower -t ext4 -j          # one JSON object per operation");
