/* ext4slower: ext4 reads, writes, opens and fsyncs slower than a
 * threshold, as BCC's ext4slower (cmd/fstool.c). */
#include "cmd/fstool.h"

DECLARE_FS_TOOL(ext4slower, "ext4", false, FS_BCC_SLOWER,
		.summary = "Trace common ext4 file operations slower than a threshold",
		.examples = "  ext4slower             # trace operations slower than 10 ms (default)\n"
			    "  ext4slower 1           # trace operations slower than 1 ms\n"
			    "  ext4slower -j 1        # ... 1 ms, parsable output (csv)\n"
			    "  ext4slower 0           # trace all operations (warning: verbose)\n"
			    "  ext4slower -p 185      # trace PID 185 only");
