#ifndef BPFKIT_PROBES_DIRTOP_H
#define BPFKIT_PROBES_DIRTOP_H

/* How far up from a file its watched directory may be, as BCC's dirtop. */
#define DIRTOP_MAX_DEPTH 50

/* A directory, as the kernel names it: its inode and its super block's
 * device (the kernel's dev_t: major << 20 | minor). */
struct dirtop_dir {
	__u64 ino;
	__u32 dev;
	__u32 pad;
};

struct dirtop_val {
	__u64 reads, writes, rbytes, wbytes;
};

#endif
