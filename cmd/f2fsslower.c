/* f2fsslower: f2fs reads, writes, opens and fsyncs slower than a
 * threshold, as BCC's f2fsslower (cmd/fstool.c). */
#include "cmd/fstool.h"

DECLARE_FS_TOOL(f2fsslower, "f2fs", false, FS_BCC_SLOWER,
		.summary = "Trace common f2fs file operations slower than a threshold",
		.examples = "  f2fsslower             # trace operations slower than 10 ms (default)\n"
			    "  f2fsslower 1           # trace operations slower than 1 ms\n"
			    "  f2fsslower -j 1        # ... 1 ms, parsable output (csv)\n"
			    "  f2fsslower 0           # trace all operations (warning: verbose)\n"
			    "  f2fsslower -p 185      # trace PID 185 only");
