/* nfsslower: NFS reads, writes, opens and fsyncs slower than a threshold,
 * as BCC's nfsslower (cmd/fstool.c). */
#include "cmd/fstool.h"

DECLARE_FS_TOOL(nfsslower, "nfs", false, FS_BCC_SLOWER,
		.summary = "Trace common NFS file operations slower than a threshold",
		.examples = "  nfsslower              # trace operations slower than 10 ms (default)\n"
			    "  nfsslower 1            # trace operations slower than 1 ms\n"
			    "  nfsslower -j 1         # ... 1 ms, parsable output (csv)\n"
			    "  nfsslower 0            # trace all operations (warning: verbose)\n"
			    "  nfsslower -p 185       # trace PID 185 only");
