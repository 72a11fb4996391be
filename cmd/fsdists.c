/* BCC's per-file-system latency histograms (btrfsdist, ext4dist, f2fsdist,
 * nfsdist, xfsdist, zfsdist): one declaration each of cmd/fstool.c's
 * implementation, which fsdist -t FS shares. */
#include "cmd/fstool.h"

/* BCC's text, the same for each but for the names; pad lines the shorter
 * names' examples up to the longest's (btrfsdist) column of comments. */
#define DECLARE_FS_DIST(id, fs, fs_name, pad)                                                       \
	DECLARE_FS_TOOL(id, fs, true, FS_BCC_DIST, .summary = "Summarize " fs_name " operation latency", \
			.examples = "  " #id pad "           # show operation latency as a histogram\n"    \
				    "  " #id " -p 181" pad "    # trace PID 181 only\n"                     \
				    "  " #id " 1 10" pad "      # print 1 second summaries, 10 times\n"     \
				    "  " #id " -m 5" pad "      # 5s summaries, milliseconds")

DECLARE_FS_DIST(btrfsdist, "btrfs", "btrfs", "");
DECLARE_FS_DIST(ext4dist, "ext4", "ext4", " ");
DECLARE_FS_DIST(f2fsdist, "f2fs", "f2fs", " ");
DECLARE_FS_DIST(nfsdist, "nfs", "NFS", "  ");
DECLARE_FS_DIST(xfsdist, "xfs", "XFS", "  ");
DECLARE_FS_DIST(zfsdist, "zfs", "ZFS", "  ");
