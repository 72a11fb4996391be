/* xfsslower: XFS reads, writes, opens and fsyncs slower than a threshold,
 * as BCC's xfsslower (cmd/fstool.c). */
#include "cmd/fstool.h"

DECLARE_FS_TOOL(xfsslower, "xfs", false, FS_BCC_SLOWER,
		.summary = "Trace common XFS file operations slower than a threshold",
		.examples = "  xfsslower              # trace operations slower than 10 ms (default)\n"
			    "  xfsslower 1            # trace operations slower than 1 ms\n"
			    "  xfsslower -j 1         # ... 1 ms, parsable output (csv)\n"
			    "  xfsslower 0            # trace all operations (warning: verbose)\n"
			    "  xfsslower -p 185       # trace PID 185 only");
