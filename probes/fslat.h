#ifndef BPFKIT_PROBES_FSLAT_H
#define BPFKIT_PROBES_FSLAT_H

/* The operations of the per-file-system latency tools, as they number
 * their histograms. */
enum fs_op { FS_READ, FS_WRITE, FS_OPEN, FS_FSYNC, FS_OPS };

/* BCC's DNAME_INLINE_LEN: names longer are cut, as BCC's are. */
#define FS_NAME_LEN 32

struct fs_event {
	__u64 end_ns;	/* CLOCK_MONOTONIC, when the operation returned */
	__u64 delta_us;
	__s64 size;	/* what it returned: bytes, 0, or a negative errno */
	__u64 offset;	/* the file position it started at, bytes */
	__u64 off_kb;
	__u32 pid;
	char type[2];	/* R, W, O or S */
	char comm[16];
	char file[FS_NAME_LEN];
};

#endif
