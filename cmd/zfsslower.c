/* zfsslower: ZFS reads, writes, opens and fsyncs slower than a threshold,
 * as BCC's zfsslower (cmd/fstool.c). */
#include "cmd/fstool.h"

DECLARE_FS_TOOL(zfsslower, "zfs", false, FS_BCC_SLOWER,
		.summary = "Trace common ZFS file operations slower than a threshold",
		.examples = "  zfsslower              # trace operations slower than 10 ms (default)\n"
			    "  zfsslower 1            # trace operations slower than 1 ms\n"
			    "  zfsslower -j 1         # ... 1 ms, parsable output (csv)\n"
			    "  zfsslower 0            # trace all operations (warning: verbose)\n"
			    "  zfsslower -p 185       # trace PID 185 only");
