/* btrfsslower: btrfs reads, writes, opens and fsyncs slower than a
 * threshold, as BCC's btrfsslower (cmd/fstool.c). */
#include "cmd/fstool.h"

DECLARE_FS_TOOL(btrfsslower, "btrfs", false, FS_BCC_SLOWER,
		.summary = "Trace common btrfs file operations slower than a threshold",
		.examples = "  btrfsslower            # trace operations slower than 10 ms (default)\n"
			    "  btrfsslower 1          # trace operations slower than 1 ms\n"
			    "  btrfsslower -j 1       # ... 1 ms, parsable output (csv)\n"
			    "  btrfsslower 0          # trace all operations (warning: verbose)\n"
			    "  btrfsslower -p 185     # trace PID 185 only");
